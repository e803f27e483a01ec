package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ValueCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Entries that arrive in parts (a worker's result over its pipe) are stored only whole and checked. */
class IncomingEntryTest {

    @TempDir
    Path dir;

    private final ValueCodec codec = Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES);
    private final byte[] arguments = {1, 0, 0, 0, 7};
    private DiskCache cache;

    @BeforeEach
    void open() throws IOException {
        cache = DiskCache.open(dir, codec, ClassAllowList.JDK_VALUES, false);
    }

    private static CacheKey key(int n) {
        byte[] k = new byte[32];
        k[31] = (byte) n;
        return CacheKey.of(k);
    }

    /** The entry a worker sends for the key: what it would write into this cache's directory. */
    private byte[] entryOf(CacheKey key, Object value) throws Exception {
        return entryOf(key, EntryFormat.functionId(dir), value);
    }

    private byte[] entryOf(CacheKey key, byte[] functionId, Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EntryBytes.encode(key, functionId, codec, 0, value, 5, arguments).inParts(1000, part -> {
            byte[] b = new byte[part.remaining()];
            part.get(b);
            bytes.writeBytes(b);
        });
        return bytes.toByteArray();
    }

    private void receive(CacheKey key, byte[] entry, long announced, byte[] taskArguments) throws Exception {
        receive(key, entry, announced, taskArguments, 777);
    }

    private void receive(CacheKey key, byte[] entry, long announced, byte[] taskArguments, int part)
            throws Exception {
        IncomingEntry incoming = cache.receive(key, announced);
        try {
            for (int at = 0; at < entry.length; at += part) {
                incoming.append(ByteBuffer.wrap(entry, at, Math.min(part, entry.length - at)));
            }
            incoming.commit(taskArguments);
        } finally {
            incoming.abort();
        }
    }

    /** Entries and temp files: what a transfer could leave. */
    private List<String> filesIn() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{64}") || n.startsWith(DiskCache.TEMP_PREFIX)).toList();
        }
    }

    @Test
    void anEntryReceivedInPartsReadsBackAsTheValueSent() throws Exception {
        double[] value = {1.5, 2.5, 3.5};
        receive(key(1), entryOf(key(1), value), entryOf(key(1), value).length, arguments);
        assertThat((double[]) cache.read(key(1)).value()).containsExactly(value);
        assertThat(cache.read(key(1)).computationTime()).isEqualTo(Duration.ofNanos(5));
    }

    @Test
    void headAndChecksumSplitAcrossTinyPartsAreStillChecked() throws Exception {
        String value = "y".repeat(3000);
        byte[] entry = entryOf(key(9), value);
        receive(key(9), entry, entry.length, arguments, 3);
        assertThat(cache.read(key(9)).value()).isEqualTo(value);
        byte[] damaged = entryOf(key(10), value);
        damaged[damaged.length - 2] ^= 1; // in the stored checksum, split over two parts
        assertThatThrownBy(() -> receive(key(10), damaged, damaged.length, arguments, 3))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("checksum");
    }

    @Test
    void theBytesSentAreTheFileTheWorkerWouldHaveWritten() throws Exception {
        String value = "x".repeat(5000);
        cache.write(key(2), value, Duration.ofNanos(5), true, arguments);
        byte[] written = Files.readAllBytes(cache.entryPath(key(2)));
        byte[] sent = entryOf(key(2), value);
        // the stored time (bytes 24-31) and the checksum that covers it differ; nothing else
        assertThat(Arrays.copyOfRange(sent, 0, 24)).isEqualTo(Arrays.copyOfRange(written, 0, 24));
        assertThat(Arrays.copyOfRange(sent, 32, sent.length - 4))
                .isEqualTo(Arrays.copyOfRange(written, 32, written.length - 4));
    }

    @Test
    void aTransferCutShortStoresNothing() throws Exception {
        byte[] entry = entryOf(key(3), "complete");
        assertThatThrownBy(() -> receive(key(3), Arrays.copyOf(entry, entry.length - 1), entry.length, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("ended after");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void moreBytesThanAnnouncedAreRefusedUnwritten() throws Exception {
        byte[] entry = entryOf(key(4), "complete");
        assertThatThrownBy(() -> receive(key(4), entry, entry.length - 1, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("more bytes than");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void aDamagedByteIsRefusedByTheChecksum() throws Exception {
        byte[] entry = entryOf(key(5), "complete");
        entry[entry.length - 6] ^= 1;
        assertThatThrownBy(() -> receive(key(5), entry, entry.length, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("checksum");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void anEntryOfOtherArgumentsIsRefused() throws Exception {
        byte[] entry = entryOf(key(6), "complete");
        assertThatThrownBy(() -> receive(key(6), entry, entry.length, new byte[] {1, 0, 0, 0, 8}))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("not its task's");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void garbageOfTheRightLengthIsRefusedByTheHeaderCheck() throws Exception {
        byte[] garbage = new byte[100];
        assertThatThrownBy(() -> receive(key(7), garbage, garbage.length, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("magic");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void anEntryThatNamesAnotherKeyIsRefused() throws Exception {
        byte[] entry = entryOf(key(11), "another task's");
        assertThatThrownBy(() -> receive(key(12), entry, entry.length, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("another key");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void anEntryThatNamesAnotherFunctionDirectoryIsRefused() throws Exception {
        byte[] entry = entryOf(key(13), EntryFormat.functionId(dir.resolveSibling("other.f@1")), "another function's");
        assertThatThrownBy(() -> receive(key(13), entry, entry.length, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("another function");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void anEntryOfAnOlderFormatWhichNamesNoKeyIsRefused() throws Exception {
        byte[] entry = OldEntries.v3(Codecs.id(Codec.FORY), (byte) 0, 5, System.currentTimeMillis(), arguments,
                codec.encode("old"));
        assertThatThrownBy(() -> receive(key(14), entry, entry.length, arguments))
                .isInstanceOf(IncomingEntry.Refused.class).hasMessageContaining("entry format 3");
        assertThat(filesIn()).isEmpty();
    }

    @Test
    void aReceivedEntryHasThePermissionsOfAnEntryWrittenHere() throws Exception {
        cache.write(key(15), "written", Duration.ofNanos(5), true, arguments);
        byte[] entry = entryOf(key(16), "received");
        receive(key(16), entry, entry.length, arguments);
        assertThat(Files.getPosixFilePermissions(cache.entryPath(key(16))))
                .isEqualTo(Files.getPosixFilePermissions(cache.entryPath(key(15))));
    }

    @Test
    void aLengthPastTheEntryLimitIsRefusedBeforeAFileIsMade() throws Exception {
        assertThatThrownBy(() -> cache.receive(key(8), EntryBytes.MAX_LENGTH + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(filesIn()).isEmpty();
    }
}
