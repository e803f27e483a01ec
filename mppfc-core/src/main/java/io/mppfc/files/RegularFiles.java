package io.mppfc.files;

import io.mppfc.files.FileGate.Opened;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Set;

/**
 * How {@link FileGate} looks at and opens what is already at a path: an {@code lstat}, then an
 * open with {@code O_NOFOLLOW}, refusing whatever is not a regular file.
 */
final class RegularFiles {

    static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    static final Set<OpenOption> WRITE = Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> READ_WRITE = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
            LinkOption.NOFOLLOW_LINKS);
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private RegularFiles() {
    }

    static BasicFileAttributes attributesOrNull(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    static BasicFileAttributes regularFile(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
        requireRegular(path, a);
        return a;
    }

    static void requireRegular(Path path, BasicFileAttributes a) throws RefusedFileException {
        if (!a.isRegularFile()) {
            throw new RefusedFileException(path, kindOf(a), "a file belongs here");
        }
    }

    static RefusalKind kindOf(BasicFileAttributes a) {
        if (a.isSymbolicLink()) {
            return RefusalKind.SYMBOLIC_LINK;
        }
        if (a.isDirectory()) {
            return RefusalKind.DIRECTORY;
        }
        return RefusalKind.SPECIAL_FILE;
    }

    static Opened openRead(Path path) throws IOException {
        BasicFileAttributes a = regularFile(path);
        return new Opened(open(path, READ), a);
    }

    static Opened openRead(Path path, long maxBytes) throws IOException {
        BasicFileAttributes a = regularFile(path);
        if (a.size() > maxBytes) {
            throw new RefusedFileException(path, RefusalKind.TOO_LARGE, a.size() + " bytes, at most " + maxBytes);
        }
        return new Opened(open(path, READ), a);
    }

    static Opened openReadWrite(Path path) throws IOException {
        BasicFileAttributes a = regularFile(path);
        return new Opened(open(path, READ_WRITE), a);
    }

    static byte[] readBounded(Path path, long maxBytes) throws IOException {
        try (Opened opened = openRead(path, maxBytes)) {
            // one byte over the size seen, to notice a file that grew since the lstat
            byte[] buffer = new byte[(int) Math.min(opened.attributes().size(), maxBytes) + 1];
            int n = 0;
            while (true) {
                if (n == buffer.length) {
                    if (n > maxBytes) {
                        throw new RefusedFileException(path, RefusalKind.TOO_LARGE, "grew past " + maxBytes + " bytes");
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(2L * buffer.length, maxBytes + 1));
                }
                int read = opened.channel().read(ByteBuffer.wrap(buffer, n, buffer.length - n));
                if (read < 0) {
                    return Arrays.copyOf(buffer, n);
                }
                n += read;
            }
        }
    }

    /** Opens without following a link; a link swapped in since the lstat is refused as one. */
    static FileChannel open(Path path, Set<OpenOption> options) throws IOException {
        try {
            return FileChannel.open(path, options);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (FileSystemException e) {
            BasicFileAttributes now = attributesOrNull(path);
            if (now != null && (now.isSymbolicLink() || now.isOther())) {
                throw new RefusedFileException(path, kindOf(now), "replaced while it was opened");
            }
            throw e;
        }
    }
}
