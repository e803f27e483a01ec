package io.mppfc.code;

/**
 * The class file of a cached function cannot be found through its class loader (a class
 * generated at run time, a loader that serves no resources), so its code cannot be
 * fingerprinted.
 *
 * @since 0.2
 */
public final class CodeNotReadableException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String className;

    CodeNotReadableException(String className, ClassLoader loader) {
        super("cannot read the class file of " + className + " through its class loader (" + loader
                + ") to fingerprint the function's code; build it with trackCode(false) and change version(\"...\") "
                + "whenever its results would change");
        this.className = className;
    }

    /**
     * The class whose file could not be read, for a message in the caller's own terms (the command
     * line's options rather than the builder's methods).
     *
     * @return its binary name
     */
    public String className() {
        return className;
    }
}
