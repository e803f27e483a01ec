package io.mppfc;

import java.io.Serializable;

/**
 * A function of 3 arguments, given as a method reference ({@code Physics::slow}), a constructor
 * reference ({@code Model::new}) or a lambda. Serializable so that the referenced method can be
 * found by name in another JVM; may throw checked exceptions, as slow computations do.
 *
 * @param <A> the type of argument 1
 * @param <B> the type of argument 2
 * @param <C> the type of argument 3
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface Fn3<A, B, C, R> extends Serializable {

    /**
     * Computes the result.
     *
     * @param a1 argument 1
     * @param a2 argument 2
     * @param a3 argument 3
     * @return the result
     * @throws Exception whatever the function throws
     */
    R apply(A a1, B a2, C a3) throws Exception;
}
