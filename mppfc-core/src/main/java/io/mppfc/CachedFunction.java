package io.mppfc;

import java.nio.file.Path;

/**
 * What every cached function has, whatever its arity.
 *
 * @param <R> the result type
 * @since 0.1
 */
public interface CachedFunction<R> {

    /** @return the directory that holds this function's entries (absolute) */
    Path cacheDir();

    /** @return the function's name as used for its directory, e.g. {@code com.acme.Physics.slow} */
    String name();
}
