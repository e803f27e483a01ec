package io.mppfc;

import java.io.Serializable;

/**
 * A function of any number of arguments ({@code Object...}), for arities above six or for
 * functions that take a variable argument list.
 *
 * @param <R> the result type
 * @since 0.1
 */
@FunctionalInterface
public interface FnN<R> extends Serializable {

    /**
     * Computes the result.
     *
     * @param arguments the arguments
     * @return the result
     * @throws Exception whatever the function throws
     */
    R apply(Object... arguments) throws Exception;
}
