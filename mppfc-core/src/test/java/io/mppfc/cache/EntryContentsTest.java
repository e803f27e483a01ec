package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an entry holds besides its value: the arguments it was computed from, and optional compression. */
class EntryContentsTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private DiskCache cache;

    @BeforeEach
    void open() throws Exception {
        cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private static CacheKey key(Object... arguments) {
        return CacheKey.of(Footprint.sha256().digest(Footprint.ofArguments(arguments)));
    }

    @Test
    void anEntryHoldsTheArgumentsItWasComputedFromLooseAndPacked() throws Exception {
        cache.write(key(1.5, "a"), 3.0, Duration.ZERO, false, Footprint.ofArguments(1.5, "a"));
        CacheInventory.Entry loose = CacheInventory.entries(cache.directory()).get(0);
        assertThat(CacheInventory.arguments(loose)).isEqualTo("[1.5, \"a\"]");

        CacheInventory.pack(root, null);

        CacheInventory.Entry packed = CacheInventory.packedEntries(cache.directory()).get(0);
        assertThat(CacheInventory.arguments(packed)).isEqualTo("[1.5, \"a\"]");
        assertThat(cache.read(key(1.5, "a")).value()).isEqualTo(3.0);
    }

    @Test
    void argumentsOver64KiBAreNotStoredAndEntriesWithoutThemAreFine() throws Exception {
        double[] big = new double[10_000];
        byte[] footprint = Footprint.ofArguments((Object) big);
        assertThat(footprint.length).isGreaterThan(EntryFormat.MAX_FOOTPRINT);
        cache.write(key((Object) big), 1.0, Duration.ZERO, false, footprint);
        cache.write(key(2), 2.0, Duration.ZERO, false);
        for (CacheInventory.Entry e : CacheInventory.entries(cache.directory())) {
            assertThat(CacheInventory.arguments(e)).isNull();
            assertThat(Files.size(e.path())).isLessThan(100);
        }
        assertThat(cache.read(key((Object) big)).value()).isEqualTo(1.0);
    }

    @Test
    void compressedEntriesAreSmallerAndReadByAnyCache() throws Exception {
        double[] smooth = new double[1_000_000];
        Arrays.fill(smooth, 0.25);
        DiskCache compressing = cache.compressing(3);
        compressing.write(key(1), smooth, Duration.ZERO, false);
        cache.write(key(2), smooth, Duration.ZERO, false);

        assertThat(Files.size(cache.entryPath(key(1)))).isLessThan(Files.size(cache.entryPath(key(2))) / 100);
        assertThat((double[]) cache.read(key(1)).value()).isEqualTo(smooth);
        assertThat((double[]) compressing.read(key(2)).value()).isEqualTo(smooth);
        assertThat(CacheInventory.verify(cache.directory())).isEmpty();
        assertThatThrownBy(() -> cache.compressing(20)).hasMessageContaining("1 (fastest) to 19");
        compressing.write(key(3), 0.5, Duration.ZERO, false);
        assertThat(Files.readAllBytes(cache.entryPath(key(3)))[6]).as("a small payload is stored as it is").isZero();
    }

    @Test
    void aCompressedPayloadThatClaimsAHugeSizeIsDamageFoundBeforeAllocating() throws Exception {
        Path path = cache.entryPath(key(9));
        Files.createDirectories(path.getParent());
        Files.write(path, OldEntries.v3(Codecs.id(Codec.FORY), EntryFormat.FLAG_ZSTD, 0, 1L, new byte[0],
                com.github.luben.zstd.Zstd.compress(Codecs.create(Codec.FORY, ALLOW).encode("x"), 3)));
        assertThat(cache.read(key(9)).value()).isEqualTo("x");

        // a zstd frame header (single segment, 8-byte content size) claiming 1 TiB, then one raw byte
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(17).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(0xFD2FB528).put((byte) 0xE0).putLong(1L << 40).put(new byte[] {9, 0, 0, 7});
        assertThat(com.github.luben.zstd.Zstd.getFrameContentSize(frame.array())).isEqualTo(1L << 40);
        Files.write(path, OldEntries.v3(Codecs.id(Codec.FORY), EntryFormat.FLAG_ZSTD, 0, 1L, new byte[0], frame.array()));
        assertThat(cache.read(key(9))).as("damage: a miss, and no terabyte asked of the heap").isNull();
        assertThat(path).doesNotExist();

        Files.write(path, OldEntries.v3(Codecs.id(Codec.FORY), EntryFormat.FLAG_ZSTD, 0, 1L, new byte[0], new byte[] {1, 2, 3}));
        assertThat(cache.read(key(9))).as("not a zstd frame: a miss").isNull();
    }
}
