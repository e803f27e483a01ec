package io.mppfc.cli;

import io.mppfc.files.IoText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** The I/O problem an exception stands for, and whether it is bad input. */
final class IoProblems {

    private IoProblems() {
    }

    /**
     * The I/O problem inside an exception, or null if it is none. A wrapper that says more than its cause
     * ("cannot write the report /dev/full: ...") keeps its words: unwrapped, the user read only "No space
     * left on device" and had to guess which file.
     */
    static IOException of(Throwable e) {
        if (e instanceof IOException io) {
            return io;
        }
        if (!(e instanceof UncheckedIOException u)) {
            return null;
        }
        IOException cause = u.getCause();
        return u.getMessage() == null || u.getMessage().equals(String.valueOf(cause))
                ? cause : new IOException(u.getMessage(), cause);
    }

    /** Whether the problem is a path the user named that is not there (bad input, exit 2). */
    static boolean missing(IOException e) {
        // the problem, its cause, and a cause under a wrapper kept for its words (of)
        Throwable t = e;
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            if (isMissing(t)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMissing(Throwable e) {
        return e instanceof NoSuchFileException || e instanceof NotDirectoryException;
    }

    static String describe(IOException e) {
        return IoText.describe(e);
    }
}
