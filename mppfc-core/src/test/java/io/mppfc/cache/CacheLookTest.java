package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A miss says whether nothing at all was stored for the key: only then may a worker skip its search. */
class CacheLookTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private DiskCache open() throws IOException {
        return DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    /** A cache whose keys 1 and 2 are in one batch pack. */
    private DiskCache withOneAndTwoPacked() throws Exception {
        DiskCache cache = open();
        EntryBatch batch = cache.batch();
        batch.add(key(1), 1.0, Duration.ZERO, new byte[0]);
        batch.add(key(2), 2.0, Duration.ZERO, new byte[0]);
        batch.publish();
        return cache;
    }

    @Test
    void aKeyWithNoEntryAnywhereIsAMissAtWhichNothingIsStored() throws Exception {
        DiskCache cache = withOneAndTwoPacked(); // packs to look in too

        assertThat(cache.look(key(3))).isEqualTo(new CacheRead(null, true));
        assertThat(cache.look(key(1)).entry().value()).isEqualTo(1.0);
        assertThat(cache.look(key(1)).nothingStored()).isFalse();
    }

    @Test
    void aDamagedLooseEntryIsAMissAtWhichSomethingWasStored() throws Exception {
        DiskCache cache = open();
        cache.write(key(1), 1.0, Duration.ZERO, false);
        Path loose = cache.entryPath(key(1));
        byte[] bytes = Files.readAllBytes(loose);
        bytes[bytes.length - 1] ^= 1; // its checksum no longer matches
        Files.write(loose, bytes);

        assertThat(open().look(key(1))).isEqualTo(new CacheRead(null, false));
    }

    @Test
    void aDamagedPackedRecordIsAMissAtWhichSomethingWasStored() throws Exception {
        DiskCache cache = withOneAndTwoPacked();
        PackSet.Found found = cache.packs().find(key(1));
        try (RandomAccessFile file = new RandomAccessFile(found.pack().path().toFile(), "rw")) {
            long at = found.offset() + 32 + 12; // inside the entry, past its key and format version
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x40);
        }

        assertThat(open().look(key(1))).isEqualTo(new CacheRead(null, false));
        assertThat(open().look(key(2)).entry().value()).isEqualTo(2.0);
    }
}
