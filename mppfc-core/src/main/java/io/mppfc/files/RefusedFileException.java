package io.mppfc.files;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/**
 * The gate would not open, create or time a path, and says which and why. A
 * {@link FileSystemException}, so that code written for "cannot read this file" handles it;
 * callers that can do better (a miss, the path moved aside) catch it by type.
 *
 * @since 0.3
 */
public final class RefusedFileException extends FileSystemException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    /** Why it was refused. */
    private final RefusalKind kind;

    /**
     * Makes a refusal.
     *
     * @param path the path refused
     * @param kind why
     * @param detail what was expected there, or null
     */
    public RefusedFileException(Path path, RefusalKind kind, String detail) {
        super(path.toString(), null, "refused: it is " + kind.description() + (detail == null ? "" : " (" + detail + ")"));
        this.path = path;
        this.kind = kind;
    }

    /**
     * Returns the path that was refused.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns why it was refused.
     *
     * @return the kind of refusal
     */
    public RefusalKind kind() {
        return kind;
    }

    /**
     * Returns one line for a person.
     *
     * @return "refused: it is a symbolic link", say
     */
    public String reason() {
        return getReason();
    }
}
