package io.mppfc.cache;

/**
 * A file of a format newer than this mppfc knows: written by a newer version sharing the cache,
 * not damage. It is a miss left where it is, never moved aside and never counted as damaged,
 * so versions sharing a cache (an NFS home, a CI cache) do not destroy each other's entries. A
 * subtype of the damage exception so that every reader refuses to use it; the callers that move
 * damage aside catch it first.
 */
public final class NewerFormatException extends CorruptEntryException {

    private static final long serialVersionUID = 1L;

    public NewerFormatException(String reason) {
        super(reason);
    }
}
