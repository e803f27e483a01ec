package io.mppfc.cache;

import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ClassAllowList;
import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.FailureKind;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackWriter;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which versions can share a cache: entries of older formats are still read (and tied to their
 * key by their stored arguments), and a file of a newer format is a miss left where it is.
 */
class EntryCompatibilityTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    static double square(double x) {
        return x * x;
    }

    private DiskCache open(String name) throws IOException {
        return DiskCache.open(root.resolve(name), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private static CacheKey key(int i) {
        return CacheKey.of(Footprint.sha256(i));
    }

    /** What an mppfc of entry format 5 might write: the magic, its version, and bytes this one cannot read. */
    private static byte[] version5() {
        byte[] bytes = new byte[200];
        Arrays.fill(bytes, (byte) 0x5a);
        ByteBuffer.wrap(bytes).putInt(EntryFormat.MAGIC).put((byte) 5);
        return bytes;
    }

    /** The same entry in format 3, as an mppfc before format 4 wrote it. */
    private static byte[] asVersion3(byte[] v4) throws CorruptEntryException {
        EntryFormat.Parsed p = EntryFormat.parse(v4);
        assertThat(p.version()).isEqualTo((byte) 4);
        byte[] payload = new byte[p.payload().remaining()];
        p.payload().duplicate().get(payload);
        return OldEntries.v3(p.codecId(), p.flags(), p.computeNanos(), p.storedAtMillis(), p.footprint(),
                p.isNull() ? null : payload);
    }

    private static List<Path> quarantine(Path function) throws IOException {
        Path q = function.resolve(DiskCache.QUARANTINE);
        if (!Files.isDirectory(q)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(q)) {
            return list.toList();
        }
    }

    private Path entryOf(MultiProcCachedFunction1<Double, Double> f, double x) throws IOException {
        byte[] footprint = Footprint.ofArguments(x);
        try (Stream<Path> walk = Files.walk(f.cacheDir(), 2)) {
            for (Path p : walk.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList()) {
                if (Arrays.equals(EntryFile.footprintOrNull(p, CacheKey.ofHex(p.getFileName().toString()),
                        EntryFormat.functionId(f.cacheDir())), footprint)) {
                    return p;
                }
            }
        }
        throw new AssertionError("no entry of " + x);
    }

    @Test
    void aVersion3EntryIsReadWhereItsArgumentsHashToItsKey() throws Exception {
        MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(EntryCompatibilityTest::square).path(root).build();
        f.apply(2.0);
        Path entry = entryOf(f, 2.0);
        byte[] v3 = asVersion3(Files.readAllBytes(entry));
        Files.write(entry, v3);

        assertThat(f.apply(2.0)).isEqualTo(4.0);

        assertThat(Files.readAllBytes(entry)).as("read as it is, not rewritten").isEqualTo(v3);
        assertThat(quarantine(f.cacheDir())).isEmpty();
    }

    @Test
    void aVersion3EntryCopiedOntoAnotherKeysNameIsDamageBecauseItsArgumentsHashElsewhere() throws Exception {
        MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(EntryCompatibilityTest::square).path(root).build();
        f.apply(2.0);
        f.apply(3.0);
        Path two = entryOf(f, 2.0);
        Path three = entryOf(f, 3.0);
        Files.write(three, asVersion3(Files.readAllBytes(two)));

        assertThat(f.apply(3.0)).as("never 2.0's value").isEqualTo(9.0);

        assertThat(quarantine(f.cacheDir())).hasSize(1);
    }

    @Test
    void versions1And2And3AreReadByTheCache() throws Exception {
        DiskCache cache = open("f");
        byte[] payload = Codecs.create(Codec.FORY, ALLOW).encode(1.5);
        byte forty = Codecs.id(Codec.FORY);
        byte[] v3 = OldEntries.v3(forty, (byte) 0, 7, 1_700_000_000_000L, Footprint.ofArguments(1), payload);
        byte[] v2 = v2Of(v3);
        byte[] v1 = v1Of(v2);
        for (byte[] old : List.of(v1, v2, v3)) {
            Files.createDirectories(cache.entryPath(key(old.length)).getParent());
            Files.write(cache.entryPath(key(old.length)), old);
            assertThat(cache.read(key(old.length)).value()).isEqualTo(1.5);
        }
        assertThat(CacheInventory.verify(cache.directory())).isEmpty();
    }

    /** Format 2 is format 3 without the stored time (bytes 24 to 31). */
    private static byte[] v2Of(byte[] v3) {
        byte[] body = new byte[v3.length - 8 - 4];
        System.arraycopy(v3, 0, body, 0, 24);
        System.arraycopy(v3, 32, body, 24, v3.length - 32 - 4);
        body[4] = 2;
        return withCrc(body);
    }

    /** Format 1 is format 2 without the footprint length and the footprint. */
    private static byte[] v1Of(byte[] v2) {
        int f = ByteBuffer.wrap(v2).getInt(20);
        byte[] body = new byte[v2.length - 4 - f - 4];
        System.arraycopy(v2, 0, body, 0, 20);
        System.arraycopy(v2, 24 + f, body, 20, v2.length - 24 - f - 4);
        body[4] = 1;
        return withCrc(body);
    }

    private static byte[] withCrc(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + 4).put(body).putInt((int) crc.getValue()).array();
    }

    @Test
    void anEntryOfANewerFormatIsAMissLeftInPlace() throws Exception {
        DiskCache cache = open("f");
        Path entry = plant(cache, key(1), version5());

        assertThat(cache.read(key(1))).isNull();
        assertThat(cache.contains(key(1))).isFalse();

        assertThat(entry).hasBinaryContent(version5());
        assertThat(quarantine(cache.directory())).isEmpty();
    }

    @Test
    void verifyLeavesAnEntryOfANewerFormatAndDoesNotCountItAsDamage() throws Exception {
        DiskCache cache = cacheHoldingTwo();
        Path entry = plant(cache, key(1), version5());

        assertThat(CacheInventory.verify(cache.directory())).singleElement().satisfies(f -> {
            assertThat(f.quarantined()).isFalse();
            assertThat(f.problem()).contains("newer mppfc");
        });
        assertThat(entry).hasBinaryContent(version5());
        assertThat(quarantine(cache.directory())).isEmpty();
    }

    @Test
    void verifyQuarantinesAnEntryWhoseFormatVersionIsPastAnyPlausibleNewerOne() throws Exception {
        DiskCache cache = cacheHoldingTwo();
        byte[] flipped = version5();
        flipped[4] = 81; // a flipped bit, not a format an mppfc will write in years
        Path entry = plant(cache, key(1), flipped);

        assertThat(CacheInventory.verify(cache.directory())).singleElement().satisfies(f -> {
            assertThat(f.quarantined()).isTrue();
            assertThat(f.problem()).contains("version 81").doesNotContain("newer mppfc");
        });
        assertThat(entry).doesNotExist();
        assertThat(quarantine(cache.directory())).hasSize(1);
    }

    @Test
    void packingLeavesAnEntryOfANewerFormatLoose() throws Exception {
        DiskCache cache = cacheHoldingTwo();
        Path entry = plant(cache, key(1), version5());

        CacheInventory.pack(root, null);

        assertThat(entry).hasBinaryContent(version5());
        assertThat(cache.read(key(2)).value()).isEqualTo(2.0);
        assertThat(quarantine(cache.directory())).isEmpty();
    }

    @Test
    void aPackedRecordOfANewerFormatIsAMissThatVerifyAndRepackingKeep() throws Exception {
        DiskCache cache = cacheHoldingTwo();
        CacheInventory.pack(root, null);
        Path packs = cache.directory().resolve(PackSet.DIRECTORY);
        Pack first = Pack.open(PackSet.list(packs).get(0));
        try (PackWriter w = new PackWriter(packs, first.generation() + 1)) {
            w.add(key(1), version5());
            w.add(key(2), first.entryBytes(first.find(key(2))));
            w.finish();
        }

        DiskCache fresh = open("f");
        assertThat(fresh.read(key(1))).isNull();
        assertThat(fresh.read(key(2)).value()).isEqualTo(2.0);
        assertThat(CacheInventory.verify(cache.directory())).singleElement()
                .satisfies(f -> assertThat(f.quarantined()).isFalse());
        CacheInventory.pack(root, null);

        List<Path> after = PackSet.list(packs);
        assertThat(after).hasSize(1);
        Pack repacked = Pack.open(after.get(0));
        assertThat(repacked.entryBytes(repacked.find(key(1)))).isEqualTo(version5());
        assertThat(open("f").read(key(2)).value()).isEqualTo(2.0);
        assertThat(quarantine(cache.directory())).isEmpty();
    }

    @Test
    void aPackOfANewerFormatIsLeftInPlaceByReadersVerifyAndPack() throws Exception {
        DiskCache cache = cacheHoldingTwo();
        byte[] newer = packOfFormat(2);
        Path pack = plantPack(cache, newer);

        assertThat(open("f").read(key(2)).value()).isEqualTo(2.0);
        assertThat(CacheInventory.verify(cache.directory())).singleElement()
                .satisfies(f -> assertThat(f.quarantined()).isFalse());
        CacheInventory.pack(root, null);

        assertThat(pack).hasBinaryContent(newer);
        assertThat(quarantine(cache.directory())).isEmpty();
    }

    @Test
    void verifyQuarantinesAPackWhoseFormatVersionIsPastAnyPlausibleNewerOne() throws Exception {
        DiskCache cache = cacheHoldingTwo();
        Path pack = plantPack(cache, packOfFormat(81));

        assertThat(CacheInventory.verify(cache.directory())).singleElement().satisfies(f -> {
            assertThat(f.quarantined()).isTrue();
            assertThat(f.problem()).contains("version 81");
        });
        assertThat(pack).doesNotExist();
    }

    /** A cache of function "f" holding key 2's value, 2.0, loose. */
    private DiskCache cacheHoldingTwo() throws Exception {
        DiskCache cache = open("f");
        cache.write(key(2), 2.0, Duration.ZERO, false);
        return cache;
    }

    /** Writes {@code bytes} where the cache keeps {@code key}'s loose entry. */
    private static Path plant(DiskCache cache, CacheKey key, byte[] bytes) throws IOException {
        Path entry = cache.entryPath(key);
        Files.createDirectories(entry.getParent());
        return Files.write(entry, bytes);
    }

    /** A pack file whose header and trailer are right and whose format version is {@code version}. */
    private static byte[] packOfFormat(int version) {
        byte[] pack = new byte[256];
        ByteBuffer.wrap(pack).putInt(Pack.MAGIC).put((byte) version);
        ByteBuffer.wrap(pack).putInt(pack.length - 4, Pack.MAGIC);
        return pack;
    }

    private static Path plantPack(DiskCache cache, byte[] bytes) throws IOException {
        Path packs = cache.directory().resolve(PackSet.DIRECTORY);
        Files.createDirectories(packs);
        return Files.write(packs.resolve("pack-0000000000ff-0123456789abcdef.mpk"), bytes);
    }

    /** A function directory verify recognises, with a failure record for key 2. */
    private Path functionWithOneFailure() throws IOException {
        Path function = root.resolve("f");
        Files.createDirectories(function);
        CacheLayout.check(function, false);
        new FailureRecords(function).record(failure(key(2)));
        return function;
    }

    private static FailureRecords.Failure failure(CacheKey key) {
        return new FailureRecords.Failure(key, Footprint.ofArguments(1), FailureKind.THREW, "java.lang.ArithmeticException",
                "/ by zero", "java.lang.ArithmeticException: / by zero", "host h", Duration.ofMillis(3), 1,
                Instant.ofEpochMilli(1_700_000_000_000L));
    }

    /** A failure record as mppfc wrote it before records named their key: format 1, for the arguments (1). */
    private static byte[] failureRecordOfFormat1() {
        byte[] body = Footprint.of(Arrays.asList("mppfc-failure/1", Footprint.ofArguments(1), "THREW",
                "java.lang.ArithmeticException", "/ by zero", "trace", "host h", 3_000_000L, 1, 1_700_000_000_000L));
        byte[] magic = "MPPFCF\u0001".getBytes(StandardCharsets.ISO_8859_1);
        return withCrc(ByteBuffer.allocate(magic.length + body.length).put(magic).put(body).array());
    }

    private static CacheKey keyOf(byte[] footprint) {
        return CacheKey.of(Footprint.sha256().digest(footprint));
    }

    @Test
    void aFailureRecordOfFormat1IsStillRead() throws Exception {
        Path function = root.resolve("f");
        Path records = function.resolve(FailureRecords.DIRECTORY);
        Files.createDirectories(records);
        CacheKey own = keyOf(Footprint.ofArguments(1));
        Files.write(records.resolve(own.hex()), failureRecordOfFormat1());

        FailureRecords.Failure read = new FailureRecords(function).keyedBy(EntryCompatibilityTest::keyOf).read(own);

        assertThat(read.message()).isEqualTo("/ by zero");
        assertThat(read.took()).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void aFailureRecordOfFormat1OnAnotherKeysNameIsNoneWhereItsArgumentsHashElsewhere() throws Exception {
        Path function = root.resolve("f");
        Path records = function.resolve(FailureRecords.DIRECTORY);
        Files.createDirectories(records);
        CacheKey other = keyOf(Footprint.ofArguments(2));
        Files.write(records.resolve(other.hex()), failureRecordOfFormat1());

        assertThat(new FailureRecords(function).keyedBy(EntryCompatibilityTest::keyOf).read(other)).isNull();
    }

    @Test
    void aFailureRecordOfANewerFormatIsNoneHereAndStays() throws Exception {
        Path function = functionWithOneFailure();
        Path records = function.resolve(FailureRecords.DIRECTORY);
        byte[] newer = "MPPFCF\u0003 a record this mppfc cannot read".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(records.resolve(key(1).hex()), newer);

        assertThat(new FailureRecords(function).read(key(1))).isNull();
        assertThat(new FailureRecords(function).all()).extracting(FailureRecords.Failure::key).containsExactly(key(2));
        assertThat(CacheInventory.verify(function)).isEmpty();

        assertThat(records.resolve(key(1).hex())).hasBinaryContent(newer);
        assertThat(quarantine(function)).isEmpty();
    }

    @Test
    void aFailureRecordWhoseFormatVersionIsPastAnyPlausibleNewerOneIsDamage() throws Exception {
        Path function = functionWithOneFailure();
        Path records = function.resolve(FailureRecords.DIRECTORY);
        Files.write(records.resolve(key(1).hex()), "MPPFCF\u0051 a flipped version byte".getBytes(
                StandardCharsets.ISO_8859_1));

        assertThat(new FailureRecords(function).quarantineDamaged()).containsExactly(records.resolve(key(1).hex()));
        assertThat(records.resolve(key(1).hex())).doesNotExist();
        assertThat(new FailureRecords(function).all()).extracting(FailureRecords.Failure::key).containsExactly(key(2));
    }
}
