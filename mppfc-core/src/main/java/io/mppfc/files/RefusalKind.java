package io.mppfc.files;

/**
 * Why the gate refused a path. Each is something mppfc never writes itself, so each is
 * something planted or damaged.
 *
 * @since 0.3
 */
public enum RefusalKind {
    /** A symbolic link, dangling or not: never followed. */
    SYMBOLIC_LINK("a symbolic link"),
    /** A directory where a file belongs. */
    DIRECTORY("a directory"),
    /** A FIFO, socket or device: opening one may block for ever or read without end. */
    SPECIAL_FILE("a special file (FIFO, socket or device)"),
    /** A regular file larger than any file of its kind mppfc writes. */
    TOO_LARGE("larger than such a file can be"),
    /** Something other than a real directory where a directory belongs (the file would be created through it). */
    NOT_A_DIRECTORY("not a real directory"),
    /** A tree deeper than any mppfc makes: deleting it would hold a directory open per level. */
    TOO_DEEP("deeper than any tree mppfc makes");

    private final String description;

    RefusalKind(String description) {
        this.description = description;
    }

    /**
     * Says what the path is, in words.
     *
     * @return "a symbolic link", "a directory", ...
     */
    public String description() {
        return description;
    }
}
