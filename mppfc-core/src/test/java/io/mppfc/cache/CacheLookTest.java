package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.pack.PackSet;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A miss says whether nothing at all was stored for the key: only then may a worker skip its search. */
class CacheLookTest extends FunctionCacheFixture {

    /** Stores keys 1 and 2 in one batch pack. */
    private void packOneAndTwo() throws Exception {
        EntryBatch batch = cache.batch();
        batch.add(key(1), 1.0, Duration.ZERO, new byte[0]);
        batch.add(key(2), 2.0, Duration.ZERO, new byte[0]);
        batch.publish();
    }

    @Test
    void aKeyWithNoEntryAnywhereIsAMissAtWhichNothingIsStored() throws Exception {
        packOneAndTwo(); // packs to look in too

        assertThat(cache.look(key(3))).isEqualTo(new CacheRead(null, true));
        assertThat(cache.look(key(1)).entry().value()).isEqualTo(1.0);
        assertThat(cache.look(key(1)).nothingStored()).isFalse();
    }

    @Test
    void aDamagedLooseEntryIsAMissAtWhichSomethingWasStored() throws Exception {
        cache.write(key(1), 1.0, Duration.ZERO, false);
        Path loose = cache.entryPath(key(1));
        byte[] bytes = Files.readAllBytes(loose);
        bytes[bytes.length - 1] ^= 1; // its checksum no longer matches
        Files.write(loose, bytes);

        assertThat(open(function).look(key(1))).isEqualTo(new CacheRead(null, false));
    }

    @Test
    void aDamagedPackedRecordIsAMissAtWhichSomethingWasStored() throws Exception {
        packOneAndTwo();
        PackSet.Found found = cache.packs().find(key(1));
        try (RandomAccessFile file = new RandomAccessFile(found.pack().path().toFile(), "rw")) {
            long at = found.offset() + 32 + 12; // inside the entry, past its key and format version
            file.seek(at);
            int b = file.read();
            file.seek(at);
            file.write(b ^ 0x40);
        }

        assertThat(open(function).look(key(1))).isEqualTo(new CacheRead(null, false));
        assertThat(open(function).look(key(2)).entry().value()).isEqualTo(2.0);
    }
}
