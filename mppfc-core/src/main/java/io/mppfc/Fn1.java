package io.mppfc;

import java.io.Serializable;

/**
 * A function of 1 argument, given as a method reference ({@code Physics::slow}), a constructor
 * reference ({@code Model::new}) or a lambda. Serializable so that the referenced method can be
 * found by name in another JVM; may throw checked exceptions, as slow computations do.
 *
 * @param <A> the type of argument 1
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface Fn1<A, R> extends Serializable {

    /**
     * Computes the result.
     *
     * @param a1 argument 1
     * @return the result
     * @throws Exception whatever the function throws
     */
    R apply(A a1) throws Exception;
}
