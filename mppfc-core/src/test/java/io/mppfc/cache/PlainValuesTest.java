package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.codec.ForyCodec;
import io.mppfc.cache.codec.PlainValues;
import io.mppfc.cache.codec.ValueCodec;
import io.mppfc.footprint.Footprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Boxes, Strings, big numbers and primitive arrays are stored as their footprint, and need no Fory. */
class PlainValuesTest {

    @TempDir
    Path root;

    /** An allow-list of its own, so that no other test's Fory set-up is seen as this one's. */
    private final ClassAllowList allowList = ClassAllowList.JDK_VALUES.plus(
            new ClassAllowList(Set.of("test.Unused" + UUID.randomUUID().toString().replace("-", "")), Set.of()));

    record Recorded(int x) {
        static final AtomicInteger BUILT = new AtomicInteger();

        Recorded {
            BUILT.incrementAndGet();
        }
    }

    private static CacheKey key(Object argument) {
        return CacheKey.of(Footprint.sha256(argument));
    }

    private static byte codecIdOf(DiskCache cache, CacheKey key) throws Exception {
        return Files.readAllBytes(cache.entryPath(key))[5];
    }

    @Test
    void whetherAValueIsPlainIsToldAsItsEncodingWouldTellIt() {
        for (Object value : new Object[] {1, 2L, "s", new double[3], new byte[PlainValues.MAX_BYTES + 1], null,
                UUID.randomUUID(), List.of(1), new int[0][0]}) {
            assertThat(PlainValues.isPlain(value)).as("%s", value).isEqualTo(PlainValues.encode(value) != null);
        }
    }

    @Test
    void everyPlainTypeComesBackExactlyWithoutSettingUpFory() throws Exception {
        ForyCodec fory = (ForyCodec) Codecs.create(Codec.FORY, allowList, double.class);
        DiskCache cache = DiskCache.open(root.resolve("f"), fory, allowList, false);
        List<Object> values = List.of(true, (byte) -1, (short) 7, 'x', 42, -5L, 1.5f, -0.0, Double.NaN, "grüße \uD800",
                "", new boolean[] {true, false}, new byte[] {1, 2}, new short[] {3}, new char[] {'\uDC00'},
                new int[] {4, 5}, new long[] {6}, new float[] {7.5f}, new double[] {8.25, Double.NEGATIVE_INFINITY},
                new double[0]);
        for (int i = 0; i < values.size(); i++) {
            cache.write(key(i), values.get(i), Duration.ZERO, true);
        }
        for (int i = 0; i < values.size(); i++) {
            assertThat(cache.read(key(i)).value()).isEqualTo(values.get(i));
            assertThat(codecIdOf(cache, key(i))).isEqualTo(PlainValues.ID);
        }
        assertThat(fory.setUpBegun()).isFalse();
    }

    @Test
    void bigNumbersComeBackWithTheirScaleEvenWhereForyRefusesThem() throws Exception {
        ForyCodec fory = (ForyCodec) Codecs.create(Codec.FORY, allowList, Object.class);
        DiskCache cache = DiskCache.open(root.resolve("f"), fory, allowList, false);
        List<Object> values = List.of(new java.math.BigDecimal("1e16000"), new java.math.BigDecimal("1.0"),
                new java.math.BigDecimal("1.00"), new java.math.BigDecimal("-3.25e-9000"),
                java.math.BigInteger.TWO.pow(4000).negate(), java.math.BigInteger.ZERO);
        for (int i = 0; i < values.size(); i++) {
            cache.write(key(i), values.get(i), Duration.ZERO, true);
        }
        for (int i = 0; i < values.size(); i++) {
            Object back = cache.read(key(i)).value();
            assertThat(back).isEqualTo(values.get(i)).hasSameClassAs(values.get(i)); // BigDecimal.equals sees the scale
            assertThat(codecIdOf(cache, key(i))).isEqualTo(PlainValues.ID);
        }
    }

    @Test
    void aSubclassOfABigNumberIsNotPlain() {
        java.math.BigInteger sub = new java.math.BigInteger("5") {
        };
        assertThat(PlainValues.isPlain(sub)).isFalse();
        assertThat(PlainValues.encode(sub)).isNull();
    }

    @Test
    void aCacheOfAnotherCodecReadsThemAndNullNeedsNoCodec() throws Exception {
        DiskCache writer = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, allowList, int.class), allowList,
                false);
        writer.write(key(1), 1, Duration.ZERO, true);
        writer.write(key(2), null, Duration.ZERO, true);
        ValueCodec other = new ValueCodec() {
            @Override
            public Codec codec() {
                return Codec.FST;
            }

            @Override
            public byte[] encode(Object value) throws CodecException {
                throw new CodecException("not this one", null);
            }

            @Override
            public Object decode(byte[] bytes) throws CodecException {
                throw new CodecException("not this one", null);
            }
        };
        DiskCache reader = DiskCache.open(root.resolve("f"), other, allowList, false);
        assertThat(reader.read(key(1)).value()).isEqualTo(1);
        assertThat(reader.read(key(2)).value()).isNull();
    }

    @Test
    void valuesOverAMebibyteGoToTheCachesCodecWhichIsThenSetUp() throws Exception {
        ForyCodec fory = (ForyCodec) Codecs.create(Codec.FORY, allowList, double[].class);
        DiskCache cache = DiskCache.open(root.resolve("f"), fory, allowList, false);
        double[] big = new double[PlainValues.MAX_BYTES / 8 + 1];
        big[big.length - 1] = 3.0;
        cache.write(key("big"), big, Duration.ZERO, true);
        assertThat(codecIdOf(cache, key("big"))).isEqualTo(Codecs.id(Codec.FORY));
        assertThat((double[]) cache.read(key("big")).value()).isEqualTo(big);
        assertThat(fory.setUpBegun()).isTrue();
    }

    @Test
    void aFunctionOfAnotherResultTypeSetsUpForyAtOnce() {
        assertThat(((ForyCodec) Codecs.create(Codec.FORY, allowList, List.class)).setUpBegun()).isTrue();
    }

    @Test
    void compressedPlainValuesComeBack() throws Exception {
        DiskCache cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, allowList, String.class), allowList,
                false).compressing(3);
        String text = "a long and repetitive text ".repeat(1000);
        cache.write(key("t"), text, Duration.ZERO, true);
        assertThat(Files.size(cache.entryPath(key("t")))).isLessThan(text.length() / 10);
        assertThat(cache.read(key("t")).value()).isEqualTo(text);
    }

    @Test
    void randomBytesDecodeToAPlainValueOrAreRefusedAsMalformed() {
        java.util.Random random = new java.util.Random(7);
        int decoded = 0;
        for (int n = 0; n < 100_000; n++) {
            byte[] bytes = new byte[random.nextInt(24)];
            random.nextBytes(bytes);
            if (bytes.length > 1 && random.nextBoolean()) {
                bytes[0] = Footprint.FORMAT_VERSION; // past the version check, into the tags
                bytes[1] = (byte) (random.nextBoolean() ? random.nextInt(9) : 0x20 + random.nextInt(8));
            }
            try {
                Object value = PlainValues.decode(java.nio.ByteBuffer.wrap(bytes));
                assertThat(PlainValues.encode(value)).as("a decoded value is plain").isNotNull();
                decoded++;
            } catch (CodecException e) {
                assertThat(e).hasMessageStartingWith("a plain value's bytes are malformed");
            }
        }
        assertThat(decoded).as("some random inputs are well-formed").isPositive();
    }

    @Test
    void aPlainEntryNamingARecordIsDamageAndTheRecordIsNeverBuilt() throws Exception {
        DiskCache cache = DiskCache.open(root.resolve("f"), Codecs.create(Codec.FORY, allowList, int.class), allowList,
                false);
        cache.write(key("k"), 1, Duration.ZERO, true); // makes the entry's directory
        byte[] forged = Footprint.of(new Recorded(5));
        int builtBefore = Recorded.BUILT.get();
        Files.write(cache.entryPath(key("k")), OldEntries.v3(PlainValues.ID, 0, forged));

        assertThat(cache.read(key("k"))).isNull();
        assertThat(Recorded.BUILT.get()).isEqualTo(builtBefore);
        assertThat(Files.exists(cache.entryPath(key("k")))).isFalse(); // moved aside, as other damage
    }
}
