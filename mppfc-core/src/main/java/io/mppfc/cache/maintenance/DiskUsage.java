package io.mppfc.cache.maintenance;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * What a directory occupies on disk, as {@code du} counts it: each file rounded up to the file
 * system's block size, and each directory likewise where directories take blocks of their own.
 * Java 17 cannot read a file's allocated blocks ({@code st_blocks}), so where it cannot tell, this
 * counts less than {@code du}, never more: eviction by size must not remove entries for space
 * that was never used. Directories are counted on ext2, ext3 and ext4 only, which give every
 * directory at least one block; tmpfs, btrfs and XFS (small directories live in the inode)
 * give most directories none, and a cache of a few hundred entry directories would otherwise
 * count megabytes that {@code du} does not see. A sparse file counts its full size. Links are
 * not followed.
 */
final class DiskUsage {

    private static final long DEFAULT_BLOCK = 4096;
    /** File systems ({@link FileStore#type()}) on which every directory occupies whole blocks. */
    private static final Set<String> DIRECTORIES_TAKE_BLOCKS = Set.of("ext2", "ext3", "ext4");

    private DiskUsage() {
    }

    static long of(Path directory) throws IOException {
        long block = blockSize(directory);
        boolean countDirectories = directoriesTakeBlocks(directory);
        long[] total = {0};
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                total[0] += countDirectories ? roundUp(a.size(), block) : 0;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) {
                total[0] += a.isRegularFile() || countDirectories && a.isDirectory() ? roundUp(a.size(), block) : 0;
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                return FileVisitResult.CONTINUE; // removed meanwhile
            }
        });
        return total[0];
    }

    /**
     * What the directories under {@code directory} (itself included) occupy, as {@link #of} counts
     * them: structure, whose size follows from what they hold, never a file that could be planted.
     */
    static long ofDirectories(Path directory) throws IOException {
        if (!directoriesTakeBlocks(directory)) {
            return 0;
        }
        long block = blockSize(directory);
        long[] total = {0};
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a) {
                total[0] += roundUp(a.size(), block);
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

    /** Whether directories on the file system holding {@code path} take blocks that du counts. */
    static boolean directoriesTakeBlocks(Path path) {
        try {
            return DIRECTORIES_TAKE_BLOCKS.contains(Files.getFileStore(path).type());
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
