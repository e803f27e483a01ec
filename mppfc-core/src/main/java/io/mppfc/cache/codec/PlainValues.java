package io.mppfc.cache.codec;

import io.mppfc.FootprintException;
import io.mppfc.footprint.Footprint;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * Results of the JDK's simplest types (a primitive's box, a String, a primitive array) up to
 * {@link #MAX_BYTES}, stored as their footprint under a codec id of their own, whatever codec the
 * cache was built with. The footprint format is frozen and canonical already, it needs no
 * allow-list (no class is named in it), and it needs no set-up: a function that returns a
 * number never builds Fory, which took 80 ms of a worker's start on JDK 25 (first result
 * 326-341 ms with it, 245-262 ms without, {@code ParallelBenchmark first}). Every NaN comes back
 * as the canonical NaN, as {@link Double#equals} sees them all. A {@code BigInteger} or {@code
 * BigDecimal} of exactly that class is one too (its scale kept): Fory refuses a {@code BigDecimal}
 * whose scale is beyond its range ({@code 1e16000}), which made such a result fail to store on every
 * run.
 */
public final class PlainValues {

    /** The codec id in entry headers; frozen. */
    public static final byte ID = 3;
    /** Larger values go to the cache's codec, which writes big arrays straight into the mapped file. */
    public static final int MAX_BYTES = 1 << 20;

    private static final Set<Class<?>> TYPES = Set.of(Boolean.class, Byte.class, Short.class, Character.class,
            Integer.class, Long.class, Float.class, Double.class, String.class, boolean[].class, byte[].class,
            short[].class, char[].class, int[].class, long[].class, float[].class, double[].class);
    /** Plain when of exactly these classes, which are not final: a declared result type of them covers subclasses too. */
    private static final Set<Class<?>> BIG = Set.of(BigInteger.class, BigDecimal.class);

    private PlainValues() {
    }

    /**
     * Whether a function of this declared result type only ever stores values this class
     * encodes or nulls (all of these types are final), up to {@link #MAX_BYTES}.
     */
    static boolean covers(Class<?> resultType) {
        return resultType.isPrimitive() || resultType == Void.class || TYPES.contains(resultType);
    }

    /** The value's bytes, or null if it is not a plain value or is larger than {@link #MAX_BYTES}. */
    public static byte[] encode(Object value) {
        return isPlain(value) ? Footprint.of(value) : null;
    }

    /**
     * Whether {@link #encode} encodes the value, told without encoding it.
     *
     * @param value a value, possibly null
     * @return whether it is a plain value of at most {@link #MAX_BYTES}
     */
    public static boolean isPlain(Object value) {
        return value != null && (TYPES.contains(value.getClass()) || BIG.contains(value.getClass()))
                && largest(value) <= MAX_BYTES;
    }

    /** At least the footprint's size, known without writing it. */
    private static long largest(Object value) {
        if (value instanceof String s) {
            return 3L * s.length() + 6;
        }
        if (value instanceof BigInteger i) {
            return i.bitLength() / 8 + 16;
        }
        if (value instanceof BigDecimal d) {
            return d.unscaledValue().bitLength() / 8 + 20;
        }
        Class<?> element = value.getClass().getComponentType();
        if (element == null) {
            return 10;
        }
        int size = element == long.class || element == double.class ? 8 : element == int.class || element == float.class
                ? 4 : element == short.class || element == char.class ? 2 : 1;
        return (long) size * Array.getLength(value) + 6;
    }

    public static Object decode(ByteBuffer payload) throws CodecException {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        try {
            return Footprint.loadPlain(bytes);
        } catch (FootprintException e) {
            throw new CodecException("a plain value's bytes are malformed: " + e.getMessage(), e);
        }
    }
}
