package io.mppfc.cache;

/** An entry file failed a check; the reason says which. Such entries are quarantined, not read. */
public sealed class CorruptEntryException extends Exception permits NewerFormatException {

    private static final long serialVersionUID = 1L;

    public CorruptEntryException(String reason) {
        super(reason, null, false, false);
    }
}
