package io.mppfc.cache;

import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ClassAllowList;
import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.FailureKind;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An entry, a packed record or a failure record answers only the key and the code version it was written for. */
class EntryIdentityTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private DiskCache open(String name) throws IOException {
        return DiskCache.open(root.resolve(name), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    private static long quarantined(Path function) throws IOException {
        Path q = function.resolve(DiskCache.QUARANTINE);
        if (!Files.isDirectory(q)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(q)) {
            return list.count();
        }
    }

    private static FailureRecords.Failure failure(CacheKey key, String message) {
        return new FailureRecords.Failure(key, Footprint.ofArguments(message), FailureKind.THREW,
                "java.lang.IllegalStateException", message, "java.lang.IllegalStateException: " + message, "host h",
                Duration.ofMillis(5), 1, Instant.ofEpochMilli(1_700_000_000_000L));
    }

    @Test
    void aLooseEntryCopiedOntoAnotherKeysNameIsAMissAndMovedAside() throws Exception {
        DiskCache cache = open("f@00000000000000aa");
        cache.write(key(1), 1.0, Duration.ZERO, false);
        cache.write(key(2), 2.0, Duration.ZERO, false);

        Files.copy(cache.entryPath(key(1)), cache.entryPath(key(2)), StandardCopyOption.REPLACE_EXISTING);

        assertThat(cache.read(key(2))).as("never another key's value").isNull();
        assertThat(quarantined(cache.directory())).isEqualTo(1);
        assertThat(cache.read(key(1)).value()).isEqualTo(1.0);
    }

    @Test
    void verifyMovesAsideALooseEntryCopiedOntoAnotherKeysName() throws Exception {
        DiskCache cache = open("f@00000000000000aa");
        cache.write(key(1), 1.0, Duration.ZERO, false, Footprint.ofArguments(1));
        cache.write(key(2), 2.0, Duration.ZERO, false, Footprint.ofArguments(2));
        Files.copy(cache.entryPath(key(1)), cache.entryPath(key(2)), StandardCopyOption.REPLACE_EXISTING);

        List<CacheInventory.Finding> found = CacheInventory.verify(cache.directory());

        assertThat(found).singleElement().satisfies(f -> {
            assertThat(f.path()).isEqualTo(cache.entryPath(key(2)));
            assertThat(f.problem()).contains("another key");
            assertThat(f.quarantined()).isTrue();
        });
        assertThat(cache.entryPath(key(2))).doesNotExist();
    }

    @Test
    void lsShowsNoArgumentsForAnEntryCopiedOntoAnotherKeysName() throws Exception {
        DiskCache cache = open("f");
        cache.write(key(1), 1.0, Duration.ZERO, false, Footprint.ofArguments(1));
        cache.write(key(2), 2.0, Duration.ZERO, false, Footprint.ofArguments(2));
        Files.copy(cache.entryPath(key(1)), cache.entryPath(key(2)), StandardCopyOption.REPLACE_EXISTING);

        List<CacheInventory.Entry> entries = CacheInventory.entries(cache.directory());

        assertThat(entries).extracting(e -> e.key().equals(key(1)) ? "1" : "2", CacheInventory::arguments)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("1", "[1]"),
                        org.assertj.core.groups.Tuple.tuple("2", null));
    }

    @Test
    void anEntryCopiedFromAnotherCodeVersionUnderItsOwnKeyIsAMiss() throws Exception {
        DiskCache old = open("f@00000000000000aa");
        DiskCache current = open("f@00000000000000bb");
        old.write(key(1), -1.0, Duration.ZERO, false);
        Files.createDirectories(current.entryPath(key(1)).getParent());

        Files.copy(old.entryPath(key(1)), current.entryPath(key(1)));

        assertThat(current.read(key(1))).as("old code's result, never served to new code").isNull();
        assertThat(quarantined(current.directory())).isEqualTo(1);
        assertThat(old.read(key(1)).value()).isEqualTo(-1.0);
    }

    @Test
    void anEntryCopiedFromAnotherFunctionUnderItsOwnKeyIsAMiss() throws Exception {
        DiskCache g = open("g");
        DiskCache f = open("f");
        g.write(key(1), -1.0, Duration.ZERO, false);
        Files.createDirectories(f.entryPath(key(1)).getParent());

        Files.copy(g.entryPath(key(1)), f.entryPath(key(1)));

        assertThat(f.read(key(1))).isNull();
    }

    @Test
    void aPackedRecordCopiedOverAnotherIsAMissAndVerifyMovesItAside() throws Exception {
        DiskCache cache = open("f");
        for (int i = 0; i < 10; i++) {
            cache.write(key(i), (double) i, Duration.ZERO, false);
        }
        CacheInventory.pack(root, null);
        Path pack = PackSet.list(cache.directory().resolve(PackSet.DIRECTORY)).get(0);
        Pack opened = Pack.open(pack);
        byte[] three = opened.entryBytes(opened.find(key(3)));
        long five = opened.find(key(5));
        assertThat(opened.entryLength(five)).isEqualTo(three.length);
        try (FileChannel c = FileChannel.open(pack, StandardOpenOption.WRITE)) {
            c.write(ByteBuffer.wrap(three), five + Pack.KEY); // the entry's bytes, behind key 5 in the record and the index
        }

        DiskCache fresh = open("f");
        assertThat(fresh.read(key(5))).as("never another key's value").isNull();
        assertThat(fresh.read(key(3)).value()).isEqualTo(3.0);
        assertThat(CacheInventory.verify(cache.directory())).singleElement().satisfies(f -> {
            assertThat(f.problem()).contains(key(5).hex()).contains("another key");
            assertThat(f.quarantined()).isTrue();
        });
        assertThat(CacheInventory.packedEntries(cache.directory())).hasSize(9);
    }

    @Test
    void aFailureRecordCopiedOntoAnotherKeysNameIsNoFailureOfThatKey() throws Exception {
        Path function = root.resolve("f@00000000000000aa");
        Files.createDirectories(function);
        FailureRecords records = new FailureRecords(function);
        records.record(failure(key(1), "one"));
        records.record(failure(key(2), "two"));
        Path failures = function.resolve(FailureRecords.DIRECTORY);

        Files.copy(failures.resolve(key(1).hex()), failures.resolve(key(2).hex()), StandardCopyOption.REPLACE_EXISTING);

        assertThat(new FailureRecords(function).read(key(2))).as("never another call's failure").isNull();
        assertThat(new FailureRecords(function).read(key(1)).message()).isEqualTo("one");
    }

    @Test
    void verifyMovesAsideAFailureRecordCopiedOntoAnotherKeysName() throws Exception {
        Path function = root.resolve("f");
        Files.createDirectories(function);
        CacheLayout.check(function, false); // a function directory verify recognises
        FailureRecords records = new FailureRecords(function);
        records.record(failure(key(1), "one"));
        records.record(failure(key(2), "two"));
        Path failures = function.resolve(FailureRecords.DIRECTORY);
        Files.copy(failures.resolve(key(1).hex()), failures.resolve(key(2).hex()), StandardCopyOption.REPLACE_EXISTING);

        assertThat(CacheInventory.verify(function)).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo(failures.resolve(key(2).hex())));
        assertThat(new FailureRecords(function).all()).extracting(FailureRecords.Failure::message).containsExactly("one");
    }

    @Test
    void aFailureRecordCopiedFromAnotherCodeVersionIsNoFailureThere() throws Exception {
        Path old = root.resolve("f@00000000000000aa");
        Path current = root.resolve("f@00000000000000bb");
        Files.createDirectories(old);
        Files.createDirectories(current.resolve(FailureRecords.DIRECTORY));
        new FailureRecords(old).record(failure(key(1), "old code threw"));

        Files.copy(old.resolve(FailureRecords.DIRECTORY).resolve(key(1).hex()),
                current.resolve(FailureRecords.DIRECTORY).resolve(key(1).hex()));

        assertThat(new FailureRecords(current).read(key(1))).isNull();
        assertThat(new FailureRecords(old).read(key(1)).message()).isEqualTo("old code threw");
    }
}
