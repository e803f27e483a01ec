package io.mppfc.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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
        try (Stream<Path> files = Files.walk(directory)) {
            files.filter(p -> !p.equals(directory)).forEach(p -> {
                String name = directory.relativize(p).toString().replace(java.io.File.separatorChar, '/');
                names.add(Files.isDirectory(p) ? name + "/" : name);
            });
        }
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
}
