package io.mppfc.worker;

import io.mppfc.cache.HostName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker on another machine may write only into the coordinator's cache directory, not into
 * one of the same name on its own disk, where results would be lost while the coordinator waits
 * for them. The coordinator put a file of a fresh name there; seeing it proves the directory is
 * shared. (A name never looked up before is not in any NFS client's negative lookup cache.) A
 * worker that does not see it sends its results over its pipe instead.
 */
final class SharedDirectory {

    private SharedDirectory() {
    }

    static void check(Path directory, String marker) throws IOException {
        String host = HostName.get();
        if (!Files.isDirectory(directory)) {
            throw new IOException("the cache directory " + directory + " does not exist on " + host + " (for workers "
                    + "to write it themselves, it must be on a file system they share with the coordinator: mount it "
                    + "there, or set remoteCachePath to where it is mounted)");
        }
        if (!Files.exists(directory.resolve(marker))) {
            throw new IOException("the cache directory " + directory + " on " + host + " is not the coordinator's "
                    + "(the file " + marker + " it made there is missing): for workers to write it themselves, set "
                    + "remoteCachePath to where the coordinator's is mounted on " + host);
        }
    }
}
