package io.mppfc.files;

import io.mppfc.files.FileGate.Opened;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.Set;

/**
 * How {@link FileGate} creates files: only with {@code CREATE_NEW}, in a directory checked to be
 * a real one, never writing through a link at the new name.
 */
final class NewFiles {

    /** CREATE_NEW fails on anything at the name, a link (dangling or not) included: nothing is created through one. */
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private NewFiles() {
    }

    static FileChannel createNew(Path path, FileAttribute<?>... attributes) throws IOException {
        return GroupMode.create(path, CREATE, attributes, true); // GroupMode.CACHE_FILE: the directory's mode
    }

    static FileChannel createNewIn(RealDirectory directory, String name, FileAttribute<?>... attributes)
            throws IOException {
        return GroupMode.createIn(directory, directory.path().resolve(name), CREATE, attributes);
    }

    static void writeNew(Path path, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        try (FileChannel channel = createNew(path, attributes)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        }
    }

    static void copyNew(Path from, Path to, long maxBytes, FileAttribute<?>... attributes) throws IOException {
        try (Opened in = RegularFiles.openRead(from, maxBytes); FileChannel out = createNew(to, attributes)) {
            long size = in.attributes().size();
            long copied = 0;
            while (copied < size) {
                long n = in.channel().transferTo(copied, size - copied, out);
                if (n <= 0) {
                    break; // shrank since the lstat: what was there is what is kept
                }
                copied += n;
            }
        }
    }

    static void replace(Path target, Path temp, byte[] bytes, FileAttribute<?>... attributes) throws IOException {
        try {
            writeNew(temp, bytes, attributes);
            FileGate.rename(temp, target, true);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static FileChannel openLock(Path path, FileAttribute<?>... attributes) throws IOException {
        for (int attempt = 0; ; attempt++) {
            BasicFileAttributes a = RegularFiles.attributesOrNull(path);
            try {
                if (a == null) {
                    return GroupMode.create(path, CREATE, attributes, false);
                }
                RegularFiles.requireRegular(path, a);
                return RegularFiles.open(path, RegularFiles.WRITE);
            } catch (FileAlreadyExistsException | NoSuchFileException e) {
                if (attempt == 3) {
                    throw e; // made and removed again and again: not a lock file anyone uses
                }
            }
        }
    }
}
