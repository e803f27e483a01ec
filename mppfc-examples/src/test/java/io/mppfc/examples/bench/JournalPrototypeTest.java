package io.mppfc.examples.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.footprint.Footprint;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal prototype the benchmark measures keeps the guarantees its crash check counts on. */
class JournalPrototypeTest {

    @TempDir
    Path dir;

    private static byte[] key(int i) {
        return Footprint.sha256(i);
    }

    @Test
    void anotherReaderSeesOnlyPublishedRecords() throws Exception {
        Path file = dir.resolve("w.journal");
        try (JournalWriter writer = new JournalWriter(file, 3, Long.MAX_VALUE, 1 << 20)) {
            for (int i = 0; i < 5; i++) {
                writer.append(key(i), JournalCrashCheck.entry(i));
            }
            try (JournalReader reader = JournalReader.open(file, null)) {
                assertThat(reader.size()).isEqualTo(3);
                assertThat(reader.get(key(2))).isEqualTo(JournalCrashCheck.entry(2));
                assertThat(reader.get(key(3))).isNull();
                writer.append(key(5), JournalCrashCheck.entry(5));
                assertThat(reader.refresh(null)).isEqualTo(3);
                assertThat(reader.get(key(4))).isEqualTo(JournalCrashCheck.entry(4));
            }
        }
    }

    @Test
    void aTornPublicationSlotLeavesThePreviousPublication() throws Exception {
        Path file = dir.resolve("w.journal");
        try (JournalWriter writer = new JournalWriter(file, 1, Long.MAX_VALUE, 1 << 20)) {
            writer.append(key(0), JournalCrashCheck.entry(0)); // sequence 1, slot B
            writer.append(key(1), JournalCrashCheck.entry(1)); // sequence 2, slot A
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(new byte[] {(byte) 0x7F, 1, 2, 3}), 0); // half of slot A's new value
        }
        try (JournalReader reader = JournalReader.open(file, null)) {
            assertThat(reader.size()).isEqualTo(1);
            assertThat(reader.get(key(0))).isEqualTo(JournalCrashCheck.entry(0));
            assertThat(reader.damaged()).isZero();
        }
    }

    @Test
    void aDamagedRecordInsideThePublishedLengthEndsTheScanAndIsCounted() throws Exception {
        Path file = dir.resolve("w.journal");
        try (JournalWriter writer = new JournalWriter(file, 10, Long.MAX_VALUE, 1 << 20)) {
            for (int i = 0; i < 3; i++) {
                writer.append(key(i), JournalCrashCheck.entry(i));
            }
        }
        long second = JournalFile.HEADER + JournalFile.RECORD_HEAD + JournalCrashCheck.entry(0).length;
        flip(file, second + JournalFile.RECORD_HEAD + 2);
        List<Integer> seen = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(file, (k, e) -> seen.add(e.getInt(e.position())))) {
            assertThat(seen).containsExactly(0);
            assertThat(reader.damaged()).isEqualTo(1);
            assertThat(reader.get(key(1))).isNull();
        }
    }

    @Test
    void aHitChecksItsRecordAgainAfterTheScan() throws Exception {
        Path file = dir.resolve("w.journal");
        try (JournalWriter writer = new JournalWriter(file, 10, Long.MAX_VALUE, 1 << 20)) {
            writer.append(key(0), JournalCrashCheck.entry(0));
        }
        try (JournalReader reader = JournalReader.open(file, null)) {
            flip(file, JournalFile.HEADER + JournalFile.RECORD_HEAD + 5);
            assertThat(reader.get(key(0))).isNull();
        }
    }

    @Test
    void aKilledAppenderLeavesOnlyWholeCheckedRecords() throws Exception {
        JournalCrashCheck.run(3, dir, new PrintStream(OutputStream.nullOutputStream())); // real child JVMs, SIGKILLed; throws on any wrong or partial record
    }

    private static void flip(Path file, long at) throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            channel.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x10));
            channel.write(b.rewind(), at);
        }
    }
}
