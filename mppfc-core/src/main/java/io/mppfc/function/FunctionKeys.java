package io.mppfc.function;

import io.mppfc.FootprintException;
import io.mppfc.cache.CacheKey;
import io.mppfc.footprint.Footprint;
import java.security.MessageDigest;
import java.util.List;

/**
 * Derives cache keys for one function: SHA-256 over the function's descriptor, the user's
 * version salt, the values it captured, and the arguments of the call. The class name is
 * not part of the key (it is part of the directory name unless
 * {@code includeClassName(false)}), so moving a function between classes keeps its entries
 * exactly when the user asks for it.
 */
public final class FunctionKeys {

    /** Frozen: changing it would orphan every cache ever written. */
    private static final String SCHEME = "mppfc-key/1";

    private final MessageDigest prefix;

    /**
     * Prepares the part of every key that is the function's.
     * @param ref the function
     * @param version the version salt ({@code ""} for none)
     * @throws FootprintException if a captured value cannot be part of a key
     */
    public FunctionKeys(FunctionRef ref, String version) {
        prefix = Footprint.sha256();
        prefix.update(Footprint.of(List.of(SCHEME, ref.descriptor(), version)));
        try {
            prefix.update(Footprint.ofArguments(ref.captured().toArray()));
        } catch (FootprintException e) {
            throw new FootprintException("the function " + ref.displayName() + " captures a value that cannot be part "
                    + "of a cache key (" + e.getMessage().replace("argument ", "captured value ")
                    + "); capture only supported values, or use a static method");
        }
    }

    /**
     * @param arguments the arguments of one call
     * @throws FootprintException if an argument cannot be part of a key
     */
    public CacheKey of(Object... arguments) {
        return ofFootprint(Footprint.ofArguments(arguments));
    }

    /**
     * @param footprint the footprint of a call's arguments ({@code Footprint.ofArguments})
     */
    public CacheKey ofFootprint(byte[] footprint) {
        try {
            MessageDigest digest = (MessageDigest) prefix.clone();
            digest.update(footprint);
            return CacheKey.of(digest.digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the platform's SHA-256 cannot be cloned", e);
        }
    }
}
