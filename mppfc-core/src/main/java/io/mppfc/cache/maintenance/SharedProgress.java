package io.mppfc.cache.maintenance;

/** What a push or pull tells its progress bar, in bytes; called from several threads. */
public interface SharedProgress {

    /** Nothing shown. */
    SharedProgress NONE = new SharedProgress() {
        @Override
        public void planned(long bytes) {
        }

        @Override
        public void done(long bytes) {
        }
    };

    /**
     * More work was found.
     *
     * @param bytes how much
     */
    void planned(long bytes);

    /**
     * Work was done (moved, or given up).
     *
     * @param bytes how much
     */
    void done(long bytes);
}
