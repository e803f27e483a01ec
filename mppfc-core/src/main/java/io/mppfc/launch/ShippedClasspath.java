package io.mppfc.launch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's classpath as it is shipped: each entry as a content-addressed jar.
 *
 * @param jars one jar per distinct content, in classpath order
 */
record ShippedClasspath(List<ShippedJar> jars) {

    ShippedClasspath {
        jars = List.copyOf(jars);
    }

    /**
     * Hashes every jar and packs every class directory of {@code classpath}; entries that do not
     * exist are left out, as the JVM ignores them.
     *
     * @throws UncheckedIOException if an entry cannot be read
     */
    static ShippedClasspath of(String classpath) {
        Map<String, ShippedJar> jars = new LinkedHashMap<>();
        try {
            for (Path entry : entries(classpath)) {
                ShippedJar jar = Files.isDirectory(entry) ? packed(entry) : hashed(entry);
                jars.putIfAbsent(jar.sha256(), jar);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the classpath to ship it: " + e.getMessage(), e);
        }
        return new ShippedClasspath(new ArrayList<>(jars.values()));
    }

    /** The existing entries, absolute, with {@code dir/*} expanded to its jars as the JVM does. */
    static List<Path> entries(String classpath) throws IOException {
        List<Path> entries = new ArrayList<>();
        for (String text : classpath.split(File.pathSeparator)) {
            if (text.isEmpty()) {
                continue;
            }
            if (text.equals("*") || text.endsWith(File.separator + "*")) {
                Path dir = Path.of(text.substring(0, text.length() - 1)).toAbsolutePath().normalize();
                if (Files.isDirectory(dir)) {
                    List<Path> found = new ArrayList<>();
                    try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.{jar,JAR}")) {
                        jars.forEach(jar -> {
                            if (Files.isRegularFile(jar)) {
                                found.add(jar);
                            }
                        });
                    }
                    found.sort(null);
                    entries.addAll(found);
                }
                continue;
            }
            Path entry = Path.of(text).toAbsolutePath().normalize();
            // a jar or a class directory: anything else (a FIFO, a device) is no classpath entry, and its read might not end
            if (Files.isRegularFile(entry) || Files.isDirectory(entry)) {
                entries.add(entry);
            }
        }
        return entries;
    }

    private static ShippedJar hashed(Path jar) throws IOException {
        MessageDigest digest = sha256();
        long size;
        try (InputStream in = Files.newInputStream(jar);
                OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            size = in.transferTo(sink);
        }
        return new ShippedJar(HexFormat.of().formatHex(digest.digest()), size, jar, jar.toString());
    }

    /** The directory packed into a temporary jar, which lives as long as this JVM. */
    private static ShippedJar packed(Path directory) throws IOException {
        Path jar = Files.createTempFile("mppfc-classes-", ".jar");
        jar.toFile().deleteOnExit();
        try (OutputStream out = Files.newOutputStream(jar)) {
            StableJar.pack(directory, out);
        }
        ShippedJar hashed = hashed(jar);
        return new ShippedJar(hashed.sha256(), hashed.size(), jar, directory.toString());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
