package io.mppfc.cache;

import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ClassAllowList;
import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.Pack;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Every offset a pack's index gives is bounded before it is used: a wrong one is a damaged record, never an exception. */
class PackIndexBoundsTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    private DiskCache open() throws IOException {
        return DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    /** A pack of ten entries whose first index slot says {@code offset}. */
    private Path packWithFirstSlotAt(long offset) throws Exception {
        DiskCache cache = open();
        for (int i = 0; i < 10; i++) {
            cache.write(key(i), (double) i, Duration.ZERO, false);
        }
        CacheInventory.pack(root, null);
        Path pack = DamagedPacks.onlyPack(cache.directory());
        DamagedPacks.setOffset(pack, 0, offset);
        return pack;
    }

    /** Past the end, negative, the largest long, inside the header, inside the index. */
    private static long resolve(long offset, Path pack) throws IOException {
        return offset == -2 ? Files.size(pack) - Pack.FOOTER - Pack.SLOT : offset;
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 40, -1, Long.MAX_VALUE, Long.MIN_VALUE, 3, -2})
    void aStrayIndexOffsetIsADamagedRecordThatReadersStatusAndPackSkipAndVerifyRepairs(long offset) throws Exception {
        Path pack = packWithFirstSlotAt(0);
        DamagedPacks.setOffset(pack, 0, resolve(offset, pack));
        Path function = root.resolve("f");

        DiskCache fresh = open();
        int readable = 0;
        for (int i = 0; i < 10; i++) {
            readable += fresh.read(key(i)) != null ? 1 : 0;
        }
        assertThat(readable).as("all but the record the stray slot named").isEqualTo(9);
        assertThat(CacheInventory.summarize(function).packedEntries()).isEqualTo(9);
        assertThat(CacheInventory.packedEntries(function)).hasSize(9);
        assertThat(CacheInventory.count(function)).isEqualTo(9);

        assertThat(CacheInventory.verify(function)).singleElement().satisfies(f -> {
            assertThat(f.problem()).contains("1 index slot points outside");
            assertThat(f.quarantined()).isTrue();
        });
        assertThat(Pack.open(DamagedPacks.onlyPack(function)).strayOffsets()).isZero();
        assertThat(CacheInventory.verify(function)).isEmpty();
        assertThat(CacheInventory.packedEntries(function)).hasSize(9);
    }

    @ParameterizedTest
    @ValueSource(longs = {1L << 40, -1})
    void repackingAPackWithAStrayIndexOffsetKeepsItsOtherRecords(long offset) throws Exception {
        Path pack = packWithFirstSlotAt(offset);
        open().write(key(10), 10.0, Duration.ZERO, false);

        assertThat(CacheInventory.pack(root, null)).singleElement().satisfies(r -> assertThat(r.records()).isEqualTo(10));

        assertThat(pack).doesNotExist();
        assertThat(CacheInventory.packedEntries(root.resolve("f"))).hasSize(10);
    }
}
