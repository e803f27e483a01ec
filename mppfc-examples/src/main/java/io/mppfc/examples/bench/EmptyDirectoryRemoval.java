package io.mppfc.examples.bench;

import io.mppfc.files.FileGate;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes N empty directories of one parent, as pack and gc remove a function's emptied entry
 * directories: {@code files} with {@code Files.delete}, {@code gate} with
 * {@code FileGate.deleteEmptyDirectory}. For counting the system calls each way under
 * {@code strace -f -c}: the difference between N = 1001 and N = 1 is the cost of 1000.
 */
public final class EmptyDirectoryRemoval {

    private EmptyDirectoryRemoval() {
    }

    /**
     * @param args {@code files} or {@code gate}, then N
     * @throws Exception if a directory cannot be made or removed
     */
    public static void main(String[] args) throws Exception {
        boolean gate = args[0].equals("gate");
        int n = Integer.parseInt(args[1]);
        Path parent = Files.createTempDirectory("mppfc-rmdir-bench");
        for (int i = 0; i < n; i++) {
            Files.createDirectory(parent.resolve(String.format("%03x", i)));
        }
        for (int i = 0; i < n; i++) {
            Path dir = parent.resolve(String.format("%03x", i));
            if (gate) {
                FileGate.deleteEmptyDirectory(dir);
            } else {
                Files.delete(dir);
            }
        }
        Files.delete(parent);
    }
}
