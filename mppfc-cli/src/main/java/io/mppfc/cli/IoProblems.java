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

    /** The I/O problem inside an exception, or null if it is none. */
    static IOException of(Throwable e) {
        if (e instanceof IOException io) {
            return io;
        }
        return e instanceof UncheckedIOException u ? u.getCause() : null;
    }

    /** Whether the problem is a path the user named that is not there (bad input, exit 2). */
    static boolean missing(IOException e) {
        return isMissing(e) || isMissing(e.getCause());
    }

    private static boolean isMissing(Throwable e) {
        return e instanceof NoSuchFileException || e instanceof NotDirectoryException;
    }

    static String describe(IOException e) {
        return IoText.describe(e);
    }
}
