package io.mppfc.cache.codec;

import io.mppfc.Codec;

/**
 * The codecs' frozen ids in entry headers (3 is {@link PlainValues}, which no codec writes), and
 * the codec behind each.
 */
public final class Codecs {

    private static final byte FORY_ID = 1;
    private static final byte FST_ID = 2;

    /**
     * Set on a worker JVM that records class data (AppCDS, an AOT cache) for the functions whose
     * values need the codec: it is set up at once whatever the recording JVM stores (a trainee's
     * {@code Math.sqrt}), and the JVM waits for it before it exits, so that the archive holds it.
     */
    public static final String SET_UP_AT_ONCE_PROPERTY = "mppfc.codecSetUpAtOnce";

    private Codecs() {
    }

    public static byte id(Codec codec) {
        return switch (codec) {
            case FORY -> FORY_ID;
            case FST -> FST_ID;
        };
    }

    /** Null if the id is unknown to this version (an entry written by a newer one). */
    public static Codec byId(byte id) {
        return switch (id) {
            case FORY_ID -> Codec.FORY;
            case FST_ID -> Codec.FST;
            default -> null;
        };
    }

    /** Why entries written with the codec of this id cannot be read here, or null if they can. */
    public static String unavailable(byte id) {
        if (id == PlainValues.ID) {
            return null;
        }
        Codec codec = byId(id);
        if (codec == null) {
            return "written with codec id " + id + ", unknown to this mppfc (written by a newer version?)";
        }
        String missing = codec == Codec.FORY ? null : FstCodec.missing();
        return missing == null ? null : "written with the " + codec + " codec, which is not available here: " + missing;
    }

    /** Throws IllegalStateException naming the dependency to add if the codec's library is missing. */
    public static ValueCodec create(Codec codec, ClassAllowList allowList) {
        return create(codec, allowList, true);
    }

    /**
     * As {@link #create(Codec, ClassAllowList)}, for a function of this result type: when its
     * values are stored in their own plain form, Fory is set up only when first needed (a value
     * over a MiB, an entry of an older version), not as soon as the cache opens.
     */
    public static ValueCodec create(Codec codec, ClassAllowList allowList, Class<?> resultType) {
        return create(codec, allowList, setUpAtStart(resultType) || Boolean.getBoolean(SET_UP_AT_ONCE_PROPERTY));
    }

    private static ValueCodec create(Codec codec, ClassAllowList allowList, boolean setUpNow) {
        return codec == Codec.FORY ? new ForyCodec(allowList, setUpNow) : FstCodec.create(allowList);
    }

    /** Whether a cache of a function of this result type sets its codec up as it opens. */
    public static boolean setUpAtStart(Class<?> resultType) {
        return !PlainValues.covers(resultType);
    }

    /** Waits, at most {@code limit}, for the codec set-ups under way in this JVM to end. */
    public static void awaitSetUps(java.time.Duration limit) {
        ForyCodec.awaitBuilds(limit);
    }
}
