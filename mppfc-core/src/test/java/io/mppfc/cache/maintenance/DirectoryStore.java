package io.mppfc.cache.maintenance;

import io.mppfc.SharedStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A shared store whose objects are the files of a real local directory: each read is a real
 * file-system read, so an object that cannot be read (a directory in its place) fails as a
 * server's read error would, while the others are read.
 */
final class DirectoryStore implements SharedStore {

    private final Path directory;

    DirectoryStore(Path directory) {
        this.directory = directory;
    }

    /** An object's place; a directory there is an object the store lists and cannot read. */
    Path file(String key) {
        return directory.resolve(key);
    }

    @Override
    public byte[] get(String key, long maxBytes) throws IOException {
        Path file = file(key);
        if (!Files.exists(file)) {
            return null;
        }
        if (Files.isRegularFile(file) && Files.size(file) > maxBytes) {
            throw new ObjectTooLargeException(key + " is larger than " + maxBytes + " bytes");
        }
        return Files.readAllBytes(file);
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        Files.createDirectories(file(key).getParent());
        Files.write(file(key), bytes);
    }

    @Override
    public List<Listed> list(String keyPrefix) throws IOException {
        List<Listed> listed = new ArrayList<>();
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                boolean object = a.isRegularFile() || a.isDirectory() && isEmpty(p) && !p.equals(directory);
                String key = directory.relativize(p).toString();
                if (object && key.startsWith(keyPrefix)) {
                    listed.add(new Listed(key, a.size(), a.lastModifiedTime().toInstant()));
                }
            }
        }
        return listed;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        try (var channel = java.nio.channels.FileChannel.open(file(key))) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(length);
            channel.read(buffer, offset);
            return buffer.array();
        }
    }

    @Override
    public void putFile(String key, Path file) throws IOException {
        Files.createDirectories(file(key).getParent());
        Files.copy(file, file(key), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public boolean getFile(String key, Path target, long maxBytes) throws IOException {
        if (!Files.exists(file(key))) {
            return false;
        }
        Files.write(target, Files.readAllBytes(file(key)));
        return true;
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(file(key));
    }

    @Override
    public String toString() {
        return "the directory store " + directory;
    }
}
