package io.mppfc;

import java.nio.file.Path;

/**
 * Cached construction, made by {@code Mppfc.construct(Model::new)}: an expensive constructor
 * whose instances are stored on disk, keyed by the constructor's arguments (the original's
 * {@code CacheInit}). The class must be storable by the codec (records and plain classes are,
 * with Fory).
 *
 * @param <T> the constructed type
 * @since 0.1
 */
public interface CachedConstruction<T> {

    /**
     * The cached instance for these arguments; constructed and stored on a miss.
     *
     * @param arguments the constructor's arguments
     * @return the instance
     * @throws IllegalArgumentException if the number of arguments does not match the constructor
     */
    T instance(Object... arguments);

    /**
     * Returns whether an instance for them is cached.
     *
     * @param arguments the constructor's arguments
     * @return whether an instance for them is cached
     */
    boolean hasInstance(Object... arguments);

    /**
     * Returns the directory that holds the instances.
     *
     * @return the directory that holds the instances
     */
    Path cacheDir();
}
