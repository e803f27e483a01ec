package io.mppfc.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A class directory (an IDE's output) packed into a jar whose bytes depend only on the files'
 * names and contents: entries in name order, one fixed timestamp, stored uncompressed (no
 * dependence on zlib's version), no extra fields. So the same classes always hash the same,
 * and a host that has them once never gets them again.
 */
final class StableJar {

    /** The earliest time a zip entry can hold; local time, so no time zone enters the bytes. */
    private static final LocalDateTime FIXED = LocalDateTime.of(1980, 1, 1, 0, 0);

    private StableJar() {
    }

    static void pack(Path directory, OutputStream out) throws IOException {
        List<String> names = new ArrayList<>();
        // as the JVM's class loader finds classes: through links (a linked package directory, Bazel's
        // forest of links), regular files only (a FIFO would block the read, and is no class), a
        // loop of links once
        Files.walkFileTree(directory, java.util.EnumSet.of(java.nio.file.FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new java.nio.file.SimpleFileVisitor<>() {
                    @Override
                    public java.nio.file.FileVisitResult preVisitDirectory(Path dir,
                            java.nio.file.attribute.BasicFileAttributes attributes) {
                        if (!dir.equals(directory)) {
                            names.add(name(directory, dir) + "/");
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFile(Path file,
                            java.nio.file.attribute.BasicFileAttributes attributes) {
                        if (attributes.isRegularFile()) {
                            names.add(name(directory, file));
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                    }

                    @Override
                    public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof java.nio.file.FileSystemLoopException) {
                            return java.nio.file.FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
        names.sort(null);
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.setMethod(ZipOutputStream.STORED);
        for (String name : names) {
            byte[] bytes = name.endsWith("/") ? new byte[0] : Files.readAllBytes(directory.resolve(name));
            ZipEntry entry = new ZipEntry(name);
            entry.setTimeLocal(FIXED);
            CRC32 crc = new CRC32();
            crc.update(bytes);
            entry.setCrc(crc.getValue());
            entry.setSize(bytes.length);
            entry.setCompressedSize(bytes.length);
            zip.putNextEntry(entry);
            zip.write(bytes);
            zip.closeEntry();
        }
        zip.finish();
        zip.flush();
    }

    private static String name(Path directory, Path file) {
        return directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
    }
}
