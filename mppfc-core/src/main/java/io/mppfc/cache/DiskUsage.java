package io.mppfc.cache;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a directory occupies on disk, as {@code du} counts it: each file and directory rounded up
 * to the file system's block size (the JDK does not expose allocated blocks; for files that are
 * not sparse this is the same number). Links are not followed.
 */
final class DiskUsage {

    private static final long DEFAULT_BLOCK = 4096;

    private DiskUsage() {
    }

    static long of(Path directory) throws IOException {
        long block = blockSize(directory);
        long[] total = {0};
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                total[0] += roundUp(a.size(), block);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                total[0] += a.isRegularFile() || a.isDirectory() ? roundUp(a.size(), block) : 0;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed meanwhile
            }
        });
        return total[0];
    }

    static long roundUp(long size, long block) {
        return (size + block - 1) / block * block;
    }

    static long blockSize(Path path) {
        try {
            long size = Files.getFileStore(path).getBlockSize();
            return size > 0 ? size : DEFAULT_BLOCK;
        } catch (IOException | UnsupportedOperationException e) {
            return DEFAULT_BLOCK;
        }
    }
}
