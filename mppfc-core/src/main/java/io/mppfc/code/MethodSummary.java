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
 * @param instantiates the classes it creates instances of ({@code new}, constructor references), in
 *     instruction order
 */
record MethodSummary(byte[] canonical, List<Call> calls, List<String> initialises, List<String> instantiates) {

    static final int STATIC = 0x0008;
    static final int PRIVATE = 0x0002;

    /**
     * A method an instruction names: the implementation that runs is resolved from {@code owner}
     * up its superclasses, and then its interfaces' default methods; for a virtual call, also from
     * every class the code instantiates that is a subtype of {@code owner}.
     *
     * @param method its name and descriptor, {@code name + descriptor}, as {@link ClassSummary#methods} keys it
     */
    record Call(String owner, String method, boolean virtual) {

        // written out: a record's generated equals and hashCode link through invokedynamic, a
        // cost a fresh JVM's first fingerprint would pay
        @Override
        public boolean equals(Object other) {
            return other instanceof Call call && call.virtual == virtual && call.owner.equals(owner)
                    && call.method.equals(method);
        }

        @Override
        public int hashCode() {
            return (owner.hashCode() * 31 + method.hashCode()) * 2 + (virtual ? 1 : 0);
        }
    }
}
