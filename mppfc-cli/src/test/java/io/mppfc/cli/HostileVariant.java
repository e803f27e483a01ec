package io.mppfc.cli;

import io.mppfc.files.Fifos;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What someone else can put where mppfc keeps one of its files or directories. {@link #plant}
 * says why it skipped a cell that does not apply (a device without root; a truncated directory).
 */
enum HostileVariant {
    FIFO {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException, InterruptedException {
            remove(at);
            new Fifos().make(at);
            return null;
        }
    },
    /** A link to another file or directory of the same cache. */
    SYMLINK_INSIDE {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            Path other = kind.directory() ? c.root().resolve(".code") : c.entry(Cell.LOOSE_OTHER);
            if (other.equals(at)) {
                other = c.function().resolve("layout");
            }
            remove(at);
            Files.createSymbolicLink(at, other);
            return null;
        }
    },
    /** A link to a copy, outside the cache, of what was there: read through it, it would look valid. */
    SYMLINK_OUTSIDE {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            Path copy = c.outside().resolve("copy-of-" + at.getFileName());
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                copyTree(at, copy);
            } else if (kind.directory()) {
                Files.createDirectory(copy);
            } else {
                Files.write(copy, new byte[] {1, 2, 3});
            }
            remove(at);
            Files.createSymbolicLink(at, copy);
            return null;
        }
    },
    /** A link to nothing outside the cache: following it to create a file would create it there. */
    DANGLING_SYMLINK {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            remove(at);
            Files.createSymbolicLink(at, c.outside().resolve("nothing-here"));
            return null;
        }
    },
    /** For a file, a directory (holding a file) in its place; for a directory, a file in its place. */
    DIRECTORY {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            remove(at);
            if (kind.directory()) {
                Files.write(at, garbage(4096));
            } else {
                Files.createDirectory(at);
                Files.write(at.resolve("inside"), garbage(100));
            }
            return null;
        }
    },
    /** A character device: /dev/zero's numbers, read without end. Needs root. */
    DEVICE {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException, InterruptedException {
            if (!"0".equals(uid())) {
                return "mknod needs root (id -u is " + uid() + ")";
            }
            remove(at);
            Process p = new ProcessBuilder("mknod", at.toString(), "c", "1", "5").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "mknod failed: " + new String(out, java.nio.charset.StandardCharsets.UTF_8).strip();
            }
            return null;
        }
    },
    /** An empty file; for a directory, an empty directory. */
    EMPTY {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            remove(at);
            if (kind.directory()) {
                Files.createDirectory(at);
            } else {
                Files.write(at, new byte[0]);
            }
            return null;
        }
    },
    /** Random bytes, as long as what was there. */
    GARBAGE {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            if (kind.directory()) {
                return "a directory holds no bytes: the kinds of its files cover it";
            }
            long size = Files.exists(at, LinkOption.NOFOLLOW_LINKS) ? Files.size(at) : 200;
            remove(at);
            Files.write(at, garbage((int) Math.max(1, size)));
            return null;
        }
    },
    /** The first half of what was there. */
    TRUNCATED {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            if (kind.directory()) {
                return "a directory cannot be truncated: the kinds of its files cover it";
            }
            if (!Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)) {
                return "a quiet cache has no file of this kind to truncate";
            }
            byte[] bytes = Files.readAllBytes(at);
            Files.write(at, Arrays.copyOf(bytes, bytes.length / 2));
            return null;
        }
    },
    /** 1900 MB of holes after the first 64 bytes of what was there: costs no disk, and the heap if read whole. */
    HUGE_SPARSE {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            if (kind.directory()) {
                return "a directory cannot be sparse: the kinds of its files cover it";
            }
            byte[] head = Files.isRegularFile(at, LinkOption.NOFOLLOW_LINKS)
                    ? Arrays.copyOf(Files.readAllBytes(at), 64) : garbage(64);
            remove(at);
            try (RandomAccessFile file = new RandomAccessFile(at.toFile(), "rw")) {
                file.setLength(1900L << 20);
                file.write(head);
            }
            return null;
        }
    },
    /** The file of the same kind of another key, copied over this one. */
    COPIED_FROM_OTHER_KEY {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            Path sibling = kind.sibling(c);
            if (sibling == null) {
                return "a cache holds one of this kind: there is no other key's to copy";
            }
            Files.copy(sibling, at, StandardCopyOption.REPLACE_EXISTING);
            return null;
        }
    },
    /** Its modification time a day ahead (clock skew on a shared file system). */
    FUTURE_TIME {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException {
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                if (kind.directory()) {
                    Files.createDirectory(at);
                } else {
                    return "a quiet cache has no file of this kind to date";
                }
            }
            Files.setLastModifiedTime(at, FileTime.from(Instant.now().plus(1, ChronoUnit.DAYS)));
            return null;
        }
    },
    /** No permission for anyone (another user's file or directory). Root reads it anyway: skipped as root. */
    UNREADABLE {
        @Override
        String plant(Cell c, LayoutKind kind, Path at) throws IOException, InterruptedException {
            if ("0".equals(uid())) {
                return "root reads and lists whatever the permissions say: run as another user";
            }
            if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
                if (kind.directory()) {
                    Files.createDirectory(at);
                } else {
                    Files.write(at, garbage(200));
                }
            }
            Files.setPosixFilePermissions(at, Set.of());
            return null;
        }
    };

    /**
     * Plants this variant at {@code at}, which holds (or would hold) a file or directory of {@code kind}.
     *
     * @return null, or why this cell does not apply
     */
    abstract String plant(Cell c, LayoutKind kind, Path at) throws IOException, InterruptedException;

    private static final Random RANDOM = new Random(26);

    static byte[] garbage(int n) {
        byte[] b = new byte[n];
        synchronized (RANDOM) {
            RANDOM.nextBytes(b);
        }
        return b;
    }

    /** Removes what the test planted or copied (the test's own files: mppfc never deletes like this). */
    static void remove(Path at) throws IOException {
        if (!Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
            Files.delete(at);
            return;
        }
        Files.setPosixFilePermissions(at, PosixFilePermissions.fromString("rwx------")); // an UNREADABLE one
        try (Stream<Path> walk = Files.walk(at)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
    }

    private static String uid() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("id", "-u").start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }
}
