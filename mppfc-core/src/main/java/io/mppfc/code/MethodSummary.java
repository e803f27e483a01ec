package io.mppfc.code;

import java.util.List;

/**
 * One method of a class, reduced to what it means: its instructions in a canonical form (no
 * line numbers, local variable names, frames or source file names; a compiler-numbered lambda's
 * name erased), and what it reaches in the order it reaches it.
 *
 * @param canonical the normalised instructions, with the method's flags, name and descriptor
 * @param calls the methods it calls or makes lambdas of, in instruction order
 * @param initialises the classes whose static initialiser may run because of it, in instruction order
 */
record MethodSummary(byte[] canonical, List<Call> calls, List<String> initialises) {

    /**
     * A method an instruction names: the implementation that runs is resolved from {@code owner}
     * up its superclasses, and then its interfaces' default methods.
     */
    record Call(String owner, String name, String descriptor) {
    }
}
