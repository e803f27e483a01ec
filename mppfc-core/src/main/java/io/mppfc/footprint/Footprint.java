package io.mppfc.footprint;

import io.mppfc.FootprintException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The canonical binary footprint of a value: equal values give equal bytes, different values
 * (and values of different types) give different bytes. Cache keys are the SHA-256 of it.
 *
 * <h2>Rules (format version 1, frozen)</h2>
 * <ul>
 *   <li>Every value starts with a one-byte type tag, so {@code 1}, {@code 1L}, {@code 1.0f} and
 *       {@code 1.0} differ, and a {@code List} differs from an array with the same elements.</li>
 *   <li>Numbers are fixed-width big-endian. {@code -0.0} and {@code 0.0} differ; all NaNs are one.</li>
 *   <li>{@code BigDecimal} keeps its scale: {@code 1.0} and {@code 1.00} are different keys
 *       (strip trailing zeros first if they should be the same).</li>
 *   <li>Sets and maps are written sorted by the footprints of their elements (keys), so insertion
 *       order and the implementation class never matter: a {@code HashMap} and a {@code TreeMap}
 *       with equal content give the same bytes.</li>
 *   <li>Records: class name, then each component's name and value. Enums: class and constant
 *       name. A {@link Footprinted} value: its class name and the footprint of its key value.</li>
 *   <li>Object arrays do not record their component type: a {@code String[]} and an
 *       {@code Object[]} with the same strings share a footprint.</li>
 *   <li>Anything else (a lambda, a thread, an arbitrary class, a cycle, nesting deeper than 256
 *       levels) is refused with a {@link FootprintException} that names where it sits.</li>
 * </ul>
 *
 * @since 0.1
 */
public final class Footprint {

    /** The format version, the first byte of every {@link #of(Object)} result. */
    public static final byte FORMAT_VERSION = 1;

    private Footprint() {
    }

    /**
     * The canonical bytes of {@code value}: the format version, then the value.
     *
     * @param value any supported value, {@code null} included
     * @return a new array
     * @throws FootprintException if some part of the value is not supported
     */
    public static byte[] of(Object value) {
        ByteSink out = new ByteSink(64);
        out.put(FORMAT_VERSION);
        write(out, value, "value");
        return out.toByteArray();
    }

    /**
     * The canonical bytes of an argument list: the format version, the count, then each
     * argument. Error messages count arguments from 1.
     *
     * @param arguments the arguments of one call
     * @return a new array
     * @throws FootprintException if some argument is not supported
     */
    public static byte[] ofArguments(Object... arguments) {
        ByteSink out = new ByteSink(64);
        out.put(FORMAT_VERSION);
        out.putInt(arguments.length);
        for (int i = 0; i < arguments.length; i++) {
            write(out, arguments[i], "argument " + (i + 1));
        }
        return out.toByteArray();
    }

    private static void write(ByteSink out, Object value, String where) {
        try {
            new FootprintWriter().write(out, value);
        } catch (Refusal r) {
            throw r.at(where).toException();
        }
    }

    /**
     * The SHA-256 of {@link #of(Object)}.
     *
     * @param value any supported value
     * @return 32 bytes
     */
    public static byte[] sha256(Object value) {
        return sha256().digest(of(value));
    }

    /**
     * A fresh SHA-256 digest, for callers that hash a footprint together with other bytes.
     *
     * @return a new digest
     */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    /**
     * Rebuilds the value from the bytes of {@link #of(Object)}. Sets and maps come back as
     * insertion-ordered {@code LinkedHashSet}/{@code LinkedHashMap} in footprint order, lists as
     * {@code ArrayList}, records and enums through the context class loader.
     *
     * @param footprint bytes produced by {@link #of(Object)}
     * @return the value
     * @throws FootprintException if the bytes are not a well-formed footprint, name a class that
     *     is not available, or hold a {@link Footprinted} value (which cannot be rebuilt)
     */
    public static Object load(byte[] footprint) {
        FootprintReader in = reader(footprint);
        Object value = in.read();
        requireEnd(in);
        return value;
    }

    /**
     * As {@link #load(byte[])}, for the footprint of a primitive's box, a String or a primitive
     * array only. Anything else is refused before any class is loaded: these bytes come from a
     * file, and a record or an enum would be built through its class.
     *
     * @param footprint bytes produced by {@link #of(Object)}
     * @return the value
     * @throws FootprintException if the bytes are not the footprint of such a value
     */
    public static Object loadPlain(byte[] footprint) {
        byte tag = footprint.length > 1 ? footprint[1] : Tag.NULL;
        boolean plain = tag >= Tag.BOOLEAN && tag <= Tag.DOUBLE || tag == Tag.STRING || tag == Tag.BIG_INTEGER
                || tag == Tag.BIG_DECIMAL || tag >= Tag.BOOLEAN_ARRAY && tag <= Tag.DOUBLE_ARRAY;
        if (!plain) {
            throw new FootprintException("not the footprint of a primitive, a String, a BigInteger, a BigDecimal or a "
                    + "primitive array (tag " + tag
                    + ")");
        }
        return load(footprint);
    }

    /**
     * Rebuilds the arguments from the bytes of {@link #ofArguments(Object...)}.
     *
     * @param footprint bytes produced by {@link #ofArguments(Object...)}
     * @return the arguments
     * @throws FootprintException as {@link #load(byte[])}
     */
    public static Object[] loadArguments(byte[] footprint) {
        FootprintReader in = reader(footprint);
        Object[] arguments = in.readObjectArray();
        requireEnd(in);
        return arguments;
    }

    /**
     * The arguments of {@link #ofArguments(Object...)} as a JSON array, without loading any class
     * (records become objects naming their class, enums their constant's name): for showing what
     * an entry was computed from.
     *
     * @param footprint bytes produced by {@link #ofArguments(Object...)}
     * @return a JSON array
     * @throws FootprintException if the bytes are not a well-formed footprint
     */
    public static String argumentsAsJson(byte[] footprint) {
        FootprintReader in = reader(footprint);
        String json = FootprintJson.arguments(in);
        requireEnd(in);
        return json;
    }

    private static FootprintReader reader(byte[] footprint) {
        if (footprint.length == 0) {
            throw new FootprintException("malformed footprint: no bytes");
        }
        if (footprint[0] != FORMAT_VERSION) {
            throw new FootprintException("footprint format version " + footprint[0]
                    + " is not supported by this version of mppfc (it reads version " + FORMAT_VERSION + ")");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return new FootprintReader(footprint, 1, loader != null ? loader : Footprint.class.getClassLoader());
    }

    private static void requireEnd(FootprintReader in) {
        if (!in.atEnd()) {
            throw in.malformed("trailing bytes after the value");
        }
    }
}
