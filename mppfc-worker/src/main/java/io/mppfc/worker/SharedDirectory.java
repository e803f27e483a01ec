package io.mppfc.worker;

import io.mppfc.cache.HostName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker on another machine must write into the coordinator's cache directory, not into one
 * of the same name on its own disk, where results would be lost while the coordinator waits
 * for them. The coordinator put a file of a fresh name there; seeing it proves the directory is
 * shared. (A name never looked up before is not in any NFS client's negative lookup cache.)
 */
final class SharedDirectory {

    private SharedDirectory() {
    }

    static void check(Path directory, String marker) throws IOException {
        String host = HostName.get();
        if (!Files.isDirectory(directory)) {
            throw new IOException("the cache directory " + directory + " does not exist on " + host + ": the cache "
                    + "must be on a file system that the coordinator and every worker share (NFS, say); mount it "
                    + "there, or set remoteCachePath to where it is mounted");
        }
        if (!Files.exists(directory.resolve(marker))) {
            throw new IOException("the cache directory " + directory + " on " + host + " is not the coordinator's "
                    + "(the file " + marker + " it made there is missing): the cache must be on a file system that "
                    + "the coordinator and every worker share; set remoteCachePath to where it is mounted on " + host);
        }
    }
}
