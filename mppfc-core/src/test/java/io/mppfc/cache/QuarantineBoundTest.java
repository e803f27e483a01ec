package io.mppfc.cache;

import io.mppfc.cache.maintenance.PackRepair;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.Pack;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Damage is set aside once per damaged file, however many of its records are damaged. */
@Timeout(300)
class QuarantineBoundTest extends FunctionCacheFixture {

    private static final int ENTRIES = 4_000;

    /** A real pack of {@code n} entries, every other record's checksum broken: n/2 bad slots. */
    private Path packWithEveryOtherRecordDamaged(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            cache.write(key(i), "value " + i, Duration.ZERO, false);
        }
        CacheInventory.pack(root, null);
        Path path = PackSet.list(function.resolve(PackSet.DIRECTORY)).get(0);
        Pack pack = Pack.open(path);
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long[] offsets = pack.recordOffsets();
            for (int i = 0; i < offsets.length; i += 2) {
                long last = offsets[i] + Pack.KEY + pack.entryLength(offsets[i]) - 1; // a byte of its checksum
                ByteBuffer b = ByteBuffer.allocate(1);
                file.read(b, last);
                file.write(ByteBuffer.wrap(new byte[] {(byte) (b.get(0) ^ 0x5A)}), last);
            }
        }
        return path;
    }

    private long readable(int n) throws Exception {
        long found = 0;
        for (int i = 0; i < n; i++) {
            CacheEntry e = cache.read(key(i));
            if (e != null) {
                assertThat(e.value()).isEqualTo("value " + i);
                found++;
            }
        }
        return found;
    }

    @Test
    void verifyKeepsAPackWithManyDamagedRecordsAsOneQuarantineFileAndEveryValidRecord() throws Exception {
        packWithEveryOtherRecordDamaged(ENTRIES);

        List<CacheInventory.Finding> findings = CacheInventory.verify(function);

        assertThat(Quarantine.count(function)).isEqualTo(1);
        assertThat(findings).hasSize(PackRepair.FINDINGS_PER_PACK + 1);
        assertThat(findings.stream().mapToLong(CacheInventory.Finding::records).sum()).isEqualTo(ENTRIES / 2);
        assertThat(CacheInventory.count(function)).isEqualTo(ENTRIES / 2);
        assertThat(readable(ENTRIES)).isEqualTo(ENTRIES / 2);
        CacheInventory.verify(function);
        assertThat(Quarantine.count(function)).as("a second verify finds nothing more").isEqualTo(1);
    }

    @Test
    void packKeepsAPackWithManyDamagedRecordsAsOneQuarantineFileAndEveryValidRecord() throws Exception {
        packWithEveryOtherRecordDamaged(ENTRIES);
        cache.write(key(ENTRIES), "value " + ENTRIES, Duration.ZERO, false); // so that packing has work to do

        CacheInventory.PackResult result = CacheInventory.pack(root, null).get(0);

        assertThat(result.quarantined()).isEqualTo(ENTRIES / 2);
        assertThat(Quarantine.count(function)).isEqualTo(1);
        assertThat(readable(ENTRIES + 1)).isEqualTo(ENTRIES / 2 + 1);
    }

    @Test
    void gcKeepsAPackWithManyDamagedRecordsAsOneQuarantineFileAndEveryValidRecord() throws Exception {
        packWithEveryOtherRecordDamaged(ENTRIES);
        cache.write(key(ENTRIES), "value " + ENTRIES, Duration.ZERO, false);

        CacheInventory.collect(root, -1, null);

        assertThat(Quarantine.count(function)).isEqualTo(1);
        assertThat(readable(ENTRIES + 1)).isEqualTo(ENTRIES / 2 + 1);
    }

    /**
     * A pack of 1.4 GiB, almost all of it a hole, whose index has 1.35 million slots pointing
     * into the hole, after the valid records of a real pack.
     */
    private Path sparsePack(int valid, int junk) throws Exception {
        for (int i = 0; i < valid; i++) {
            cache.write(key(i), "value " + i, Duration.ZERO, false);
        }
        CacheInventory.pack(root, null);
        Path real = PackSet.list(function.resolve(PackSet.DIRECTORY)).get(0);
        ByteBuffer r = ByteBuffer.wrap(Files.readAllBytes(real)).order(ByteOrder.BIG_ENDIAN);
        long realIndex = r.getLong(r.capacity() - Pack.FOOTER);
        int realCount = r.getInt(r.capacity() - 16);
        long indexOffset = 1400L << 20;
        ByteBuffer index = ByteBuffer.allocate(Pack.SLOT * (junk + realCount)).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < junk; i++) {
            index.putLong(0).putLong(realIndex + (long) i * 1000); // prefix 0 sorts first; the records are zeros
        }
        index.put(r.slice((int) realIndex, Pack.SLOT * realCount));
        CRC32C indexCrc = new CRC32C();
        indexCrc.update(index.array());
        byte[] header = new byte[Pack.HEADER];
        r.get(0, header);
        ByteBuffer footer = ByteBuffer.allocate(Pack.FOOTER).order(ByteOrder.BIG_ENDIAN)
                .putLong(indexOffset).putInt(junk + realCount).putInt((int) indexCrc.getValue());
        CRC32C footerCrc = new CRC32C();
        footerCrc.update(header);
        footerCrc.update(footer.array(), 0, 16);
        footer.putInt((int) footerCrc.getValue()).putInt(Pack.MAGIC);
        Path sparse = function.resolve(PackSet.DIRECTORY).resolve(String.format("pack-%012x-%016x.mpk", 7, 7));
        try (FileChannel file = FileChannel.open(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.SPARSE)) {
            file.write(ByteBuffer.wrap(Files.readAllBytes(real), 0, (int) realIndex), 0);
            file.write(index.flip(), indexOffset);
            file.write(footer.flip(), indexOffset + (long) Pack.SLOT * (junk + realCount));
        }
        Files.delete(real);
        return sparse;
    }

    @Test
    void verifyOfALargeSparsePackWithMillionsOfBadSlotsCreatesAtMostOneFileAndKeepsTheValidRecords() throws Exception {
        sparsePack(1000, 1_350_000);

        long started = System.nanoTime();
        CacheInventory.verify(function);
        long seconds = (System.nanoTime() - started) / 1_000_000_000;

        assertThat(Quarantine.count(function)).isLessThanOrEqualTo(1);
        assertThat(seconds).as("seconds, only to catch a flood").isLessThan(120);
        assertThat(readable(1000)).isEqualTo(1000);
    }

    @Test
    void packOfALargeSparsePackWithMillionsOfBadSlotsCreatesAtMostOneFileAndKeepsTheValidRecords() throws Exception {
        sparsePack(1000, 1_350_000);
        cache.write(key(1000), "value 1000", Duration.ZERO, false); // so that packing has work to do

        CacheInventory.pack(root, null);

        assertThat(Quarantine.count(function)).isLessThanOrEqualTo(1);
        assertThat(readable(1001)).isEqualTo(1001);
    }
}
