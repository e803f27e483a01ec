package io.mppfc.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What the file system said, in a person's words: "no such file or directory: /proc/x", never
 * {@code java.nio.file.NoSuchFileException: /proc/x}; for the messages that quote an I/O problem.
 * A file's name read from disk, or a store's answer in an exception's message, may hold any
 * character: the text is one line, escaped as {@link io.mppfc.text.ShownText} shows it
 * (never cut: a message names its file whole).
 */
public final class IoText {

    private IoText() {
    }

    /**
     * @param e what the file system threw
     * @return what it means, with the file it is about
     */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String what = e instanceof NoSuchFileException ? "no such file or directory"
                    : e instanceof NotDirectoryException ? "not a directory"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e instanceof FileAlreadyExistsException ? "already exists"
                    : e instanceof DirectoryNotEmptyException ? "directory not empty"
                    : f.getReason() == null ? "cannot be used" : f.getReason();
            return shown(what + ": " + f.getFile() + (f.getOtherFile() == null ? "" : ", and " + f.getOtherFile()));
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "an I/O error" : shown(message);
    }

    private static String shown(String text) {
        return io.mppfc.text.ShownText.line(text, Integer.MAX_VALUE);
    }
}
