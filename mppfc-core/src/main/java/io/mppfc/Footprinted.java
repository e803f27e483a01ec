package io.mppfc;

/**
 * A type that knows which value identifies it in a cache key.
 *
 * <p>Implement this for argument types the footprint does not support on its own (a class
 * with mutable state, a handle to a resource, a large object with a natural identifier).
 * The footprint of an instance is its class name followed by the footprint of
 * {@link #keyValue()}, so two instances of the same class with equal key values share a
 * key, and instances of different classes never do.
 *
 * <p>Such an argument cannot be rebuilt from its cache key, as other arguments can.
 *
 * @since 0.1
 */
public interface Footprinted {

    /**
     * The value that stands for this object in a cache key: any value the footprint supports
     * (a record, a string, a list of numbers...). It must not change while the object is in use
     * as an argument.
     *
     * @return the key value, possibly {@code null}
     */
    Object keyValue();
}
