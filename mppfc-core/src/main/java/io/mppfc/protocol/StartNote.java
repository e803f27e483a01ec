package io.mppfc.protocol;

/**
 * A line a launcher's start script writes to a worker's stderr before the worker's JVM runs, for
 * the launcher to read back when the start ends (the shipped jars it found missing). It is
 * mppfc's bookkeeping, not the function's output: the pool logs it at debug level only, and the
 * launcher's explanation of the exit says what it meant.
 */
public final class StartNote {

    /** What every such line starts with. */
    public static final String PREFIX = "mppfc-start:";

    private StartNote() {
    }

    /**
     * Returns whether a stderr line is a start script's note.
     *
     * @param line a line as the worker's process wrote it
     * @return whether it starts with {@link #PREFIX}, leading blanks aside
     */
    public static boolean is(String line) {
        return line.strip().startsWith(PREFIX);
    }
}
