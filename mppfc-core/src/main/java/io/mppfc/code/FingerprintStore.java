package io.mppfc.code;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's fingerprint kept on disk between runs ({@code <cache root>/.code/<name>}), with
 * what it was made of: the SHA-256 of every class file of the user's read, and where every
 * class consulted was found. A new run that finds the same class files in the same places
 * takes the fingerprint without reading a class with ASM: a fresh JVM's first fingerprint
 * costs most of its time loading ASM. Anything else in the file, or any difference, and the
 * code is fingerprinted again.
 */
final class FingerprintStore {

    private static final String HEADER = "mppfc code fingerprint 1";
    private static final int MAX_FILE = 4 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A stored fingerprint found still valid, and the class files it was checked against. */
    record Loaded(CodeFingerprint fingerprint, Map<String, byte[]> ownFiles) {
    }

    private final Path file;

    FingerprintStore(Path directory, String functionKey) {
        this.file = directory.resolve(HexFormat.of().formatHex(sha256(functionKey.getBytes(StandardCharsets.UTF_8)),
                0, 16));
    }

    /** The stored fingerprint if its inputs are still what the loader finds; null otherwise. */
    Loaded load(ClassLoader loader) {
        List<String> lines;
        try {
            // through the gate: never a link, a FIFO or a file over MAX_FILE (refused: fingerprint again)
            lines = StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(io.mppfc.files.FileGate.readBounded(file, MAX_FILE))).toString()
                    .lines().toList();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or not UTF-8: fingerprint again
        }
        if (lines.size() < 3 || !lines.get(0).equals(HEADER) || !lines.get(1).matches("version\t[0-9a-f]{16}")
                || !lines.get(2).matches("methods\t\\d{1,9}")) {
            return null;
        }
        List<String> own = new ArrayList<>();
        Map<String, byte[]> ownFiles = new LinkedHashMap<>();
        for (String line : lines.subList(3, lines.size())) {
            String[] fields = line.split("\t", -1);
            if (fields.length != 4 || !(fields[0].equals("own") || fields[0].equals("other"))) {
                return null;
            }
            String name = fields[1];
            java.net.URL location = ClassFiles.locate(loader, name);
            if (!fields[2].equals(ClassFiles.root(location, name))) {
                return null;
            }
            if (fields[0].equals("own")) {
                byte[] bytes;
                try {
                    bytes = ClassFiles.read(location);
                } catch (IOException e) {
                    return null;
                }
                if (!fields[3].equals(hex(bytes))) {
                    return null;
                }
                ownFiles.put(name, bytes);
                if (bytes != null) {
                    own.add(name);
                }
            }
        }
        java.util.Collections.sort(own);
        List<byte[]> files = new ArrayList<>();
        for (String name : own) {
            files.add(ownFiles.get(name));
        }
        return new Loaded(new CodeFingerprint(lines.get(1).substring("version\t".length()), own,
                Integer.parseInt(lines.get(2).substring("methods\t".length())), files), ownFiles);
    }

    /** Best effort: a cache root that cannot be written costs the next run the fingerprint, nothing else. */
    void save(CodeFingerprint fingerprint, Map<String, byte[]> ownFiles, Map<String, String> roots) {
        StringBuilder text = new StringBuilder(HEADER).append("\nversion\t").append(fingerprint.version())
                .append("\nmethods\t").append(fingerprint.methods()).append('\n');
        if (roots.entrySet().stream().anyMatch(e -> unsafe(e.getKey()) || unsafe(e.getValue()))) {
            return; // a name the format cannot hold: not kept, fingerprinted every run
        }
        Map<String, String> sorted = new LinkedHashMap<>();
        roots.keySet().stream().sorted().forEach(name -> sorted.put(name, roots.get(name)));
        sorted.forEach((name, root) -> {
            boolean own = ownFiles.containsKey(name);
            text.append(own ? "own" : "other").append('\t').append(name).append('\t').append(root).append('\t')
                    .append(own ? hex(ownFiles.get(name)) : "").append('\n');
        });
        byte[] nonce = new byte[8];
        RANDOM.nextBytes(nonce);
        Path temp = file.resolveSibling(".tmp-" + HexFormat.of().formatHex(nonce));
        try {
            createPrivateDirectories(file.getParent());
            io.mppfc.files.FileGate.writeNew(temp, text.toString().getBytes(StandardCharsets.UTF_8));
            io.mppfc.files.FileGate.rename(temp, file, true);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // nothing more to do: the next run fingerprints again
            }
        }
    }

    /** Owner-only, like the cache's own directories: the cache root may not exist yet (its first run). */
    private static void createPrivateDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            createPrivateDirectory(missing.pop());
        }
    }

    private static void createPrivateDirectory(Path directory) throws IOException {
        try {
            if (directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createDirectory(directory, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
            } else {
                Files.createDirectory(directory);
            }
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // made by another process meanwhile
        }
    }

    private static boolean unsafe(String text) {
        return text.contains("\t") || text.contains("\n") || text.contains("\r");
    }

    private static String hex(byte[] bytes) {
        return bytes == null ? "" : HexFormat.of().formatHex(sha256(bytes));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
