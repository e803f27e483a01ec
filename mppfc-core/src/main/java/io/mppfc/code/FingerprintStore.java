package io.mppfc.code;

import io.mppfc.files.Nonces;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A function's fingerprint kept on disk between runs ({@code <cache root>/.code/<name>}), with
 * what it was made of: a {@link #stamp} of every class file of the user's read, and where every
 * class consulted was found. A new run that finds the same class files in the same places
 * takes the fingerprint without reading a class with ASM: a fresh JVM's first fingerprint
 * costs most of its time loading ASM. Anything else in the file, or any difference, and the
 * code is fingerprinted again.
 *
 * <p>The file names its function and ends with a {@link #stamp} of everything before it: a file
 * edited (its version line changed to another version's) or copied under another function's
 * name is damage, never believed, so it cannot make one version's results answer another's.
 */
final class FingerprintStore {

    static final String HEADER = "mppfc code fingerprint 2";
    /** What mppfc 0.2 wrote: no function line, no check line. Read only to adopt its versions. */
    static final String HEADER_1 = "mppfc code fingerprint 1";
    private static final int MAX_FILE = 4 << 20;

    /** A stored fingerprint found still valid, and the class files it was checked against. */
    record Loaded(CodeFingerprint fingerprint, Map<String, byte[]> ownFiles) {
    }

    /**
     * A record as a file holds it, before it is checked against the class files.
     *
     * @param analysed for a version adopted from an earlier mppfc, the version this mppfc's own
     *     analysis gives the code ({@link EarlierVersions}); null otherwise
     * @param classes every class consulted, by internal name: its root, and the digest of its
     *     class file if it is own code ({@code null} if not)
     */
    record Kept(String version, int methods, String analysed, Map<String, ClassLine> classes) {
    }

    /**
     * One class line: where the class was found, and the digest of its bytes (own code only, else
     * null): {@link #stamp} in format 2, the SHA-256 in format 1.
     */
    record ClassLine(String root, String digest) {
    }

    private final Path file;
    private final String functionKey;

    FingerprintStore(Path directory, String scheme, String functionKey) {
        this.file = fileOf(directory, scheme, functionKey);
        this.functionKey = functionKey;
    }

    /**
     * Format 1 named a record by SHA-256; format 2 by the cheaper {@link #stamp} (a fresh JVM then
     * loads no message digest to take a record): two functions whose names collide cost a
     * fingerprint each run, as the record's function line tells them apart.
     */
    static Path fileOf(Path directory, String scheme, String functionKey) {
        byte[] name = (scheme + ' ' + functionKey).getBytes(StandardCharsets.UTF_8);
        if (scheme.equals(EarlierVersions.SCHEME_1)) {
            return directory.resolve(HexFormat.of().formatHex(sha256(name), 0, 16));
        }
        return directory.resolve(stamp(name).replace(':', '-'));
    }

    /** The stored fingerprint if its inputs are still what the loader finds; null otherwise. */
    Loaded load(ClassLoader loader) {
        Kept kept = parse(read(file), HEADER, functionKey);
        if (kept == null) {
            return null;
        }
        List<String> own = new ArrayList<>();
        Map<String, byte[]> ownFiles = new LinkedHashMap<>();
        for (Map.Entry<String, ClassLine> line : kept.classes().entrySet()) {
            String name = line.getKey();
            java.net.URL location = ClassFiles.locate(loader, name);
            if (!line.getValue().root().equals(ClassFiles.root(location, name))) {
                return null;
            }
            if (line.getValue().digest() != null) {
                byte[] bytes;
                try {
                    bytes = ClassFiles.read(location);
                } catch (IOException e) {
                    return null;
                }
                if (!line.getValue().digest().equals(stamp(bytes))) {
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
        return new Loaded(new CodeFingerprint(kept.version(), own, kept.methods(), files), ownFiles);
    }

    /** The record as kept, whether or not the class files are still those it was made of; null if none or damaged. */
    Kept previous() {
        return parse(read(file), HEADER, functionKey);
    }

    /** A record an earlier mppfc (format 1, no check line) kept for this function; null if none or unreadable. */
    static Kept readFormat1(Path directory, String scheme, String functionKey) {
        return parse(read(fileOf(directory, scheme, functionKey)), HEADER_1, null);
    }

    /** Null unless the text is a whole record of this format (and, for format 2, of this function, unaltered). */
    static Kept parse(String text, String header, String functionKey) {
        if (text == null || !text.endsWith("\n")) {
            return null;
        }
        List<String> lines = List.of(text.split("\n", -1));
        int first = 1;
        if (header.equals(HEADER)) {
            int checkAt = text.lastIndexOf("check\t");
            String checked = text.substring(0, Math.max(checkAt, 0));
            String expected = "check\t" + stamp(checked.getBytes(StandardCharsets.UTF_8)) + "\n";
            if (checkAt <= 0 || text.charAt(checkAt - 1) != '\n' || !text.substring(checkAt).equals(expected)) {
                return null; // edited, truncated or not ours: damage
            }
            lines = lines.subList(0, lines.size() - 2);
            if (lines.size() < 2 || !lines.get(1).equals("function\t" + functionKey)) {
                return null; // a record of another function, copied here
            }
            first = 2;
        } else {
            lines = lines.subList(0, lines.size() - 1);
        }
        if (lines.size() < first + 2 || !lines.get(0).equals(header)
                || !field(lines.get(first), "version\t", 16, 16, true)
                || !field(lines.get(first + 1), "methods\t", 1, 9, false)) {
            return null;
        }
        String analysed = null;
        int classLines = first + 2;
        if (header.equals(HEADER) && lines.size() > classLines && lines.get(classLines).startsWith("adopted\t")) {
            if (!field(lines.get(classLines), "adopted\t", 16, 16, true)) {
                return null;
            }
            analysed = lines.get(classLines).substring("adopted\t".length());
            classLines++;
        }
        Map<String, ClassLine> classes = new LinkedHashMap<>();
        for (String line : lines.subList(classLines, lines.size())) {
            String[] fields = line.split("\t", -1);
            boolean own = fields.length == 4 && fields[0].equals("own")
                    && (fields[3].isEmpty() || (header.equals(HEADER) ? stampText(fields[3])
                            : field(fields[3], "", 64, 64, true)));
            if (!own && !(fields.length == 4 && fields[0].equals("other") && fields[3].isEmpty())) {
                return null;
            }
            classes.put(fields[1], new ClassLine(fields[2], own ? fields[3] : null));
        }
        return new Kept(lines.get(first).substring("version\t".length()),
                Integer.parseInt(lines.get(first + 1).substring("methods\t".length())), analysed, classes);
    }

    /** Best effort: a cache root that cannot be written costs the next run the fingerprint, nothing else. */
    void save(CodeFingerprint fingerprint, String analysed, Map<String, byte[]> ownFiles, Map<String, String> roots) {
        if (unsafe(functionKey)
                || roots.entrySet().stream().anyMatch(e -> unsafe(e.getKey()) || unsafe(e.getValue()))) {
            return; // a name the format cannot hold: not kept, fingerprinted every run
        }
        StringBuilder text = new StringBuilder(HEADER).append("\nfunction\t").append(functionKey)
                .append("\nversion\t").append(fingerprint.version())
                .append("\nmethods\t").append(fingerprint.methods()).append('\n');
        if (analysed != null) {
            text.append("adopted\t").append(analysed).append('\n');
        }
        roots.keySet().stream().sorted().forEach(name -> {
            boolean own = ownFiles.containsKey(name);
            text.append(own ? "own" : "other").append('\t').append(name).append('\t').append(roots.get(name))
                    .append('\t').append(own ? stamp(ownFiles.get(name)) : "").append('\n');
        });
        String check = stamp(text.toString().getBytes(StandardCharsets.UTF_8));
        text.append("check\t").append(check).append('\n');
        write(text.toString());
    }

    /** The one place a record is read: null for no file, not a regular file, too big or not UTF-8. */
    private static String read(Path path) {
        try {
            // through the gate: never a link, a FIFO or a file over MAX_FILE (refused: fingerprint again)
            byte[] bytes = io.mppfc.files.FileGate.readBounded(path, MAX_FILE);
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // unreadable or not UTF-8: fingerprint again
        }
    }

    /** The one place a record is written: a temp file renamed over the old record. */
    private void write(String text) {
        Path temp = file.resolveSibling(".tmp-" + Nonces.hex(8));
        try {
            createPrivateDirectories(file.getParent());
            // owner-only, or 0660 in a team's cache: another member reads it whatever their umask
            io.mppfc.files.FileGate.writeNew(temp, text.getBytes(StandardCharsets.UTF_8),
                    io.mppfc.files.GroupMode.cacheFile());
            io.mppfc.files.FileGate.rename(temp, file, true);
        } catch (IOException | RuntimeException e) {
            try {
                io.mppfc.files.FileGate.deleteFile(temp);
            } catch (IOException ignored) {
                // nothing more to do: the next run fingerprints again
            }
        }
    }

    /**
     * Owner-only, like the cache's own directories (the cache root may not exist yet: its first
     * run); the store itself, in a team's root, the team's.
     */
    private static void createPrivateDirectories(Path directory) throws IOException {
        Path absolute = directory.toAbsolutePath();
        java.util.ArrayDeque<Path> missing = new java.util.ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        while (missing.size() > 1) {
            createPrivateDirectory(missing.pop());
        }
        if (!missing.isEmpty()) {
            try {
                io.mppfc.files.GroupMode.createDirectory(missing.pop()); // in a team's root, the team's
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // made by another process meanwhile
            }
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

    /**
     * What tells a class file from its next build: its length, CRC-32 and Adler-32. CRC-32 misses
     * no change confined to 32 consecutive bits (any one constant or instruction edited) and a
     * wider random change once in 2^32; Adler-32 and the length are independent checks on top.
     * Both run in zlib's native code, so a fresh JVM checks 500 KB of class files in under a
     * millisecond, where SHA-256, interpreted until the JIT compiles it, takes 70 ms: the rerun
     * whose class files are unchanged stays free. Class files are the user's own build, not an
     * adversary's (who could change what runs anyway).
     */
    static String stamp(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(bytes);
        return new StringBuilder(26).append(bytes.length).append(':').append(hex8(crc.getValue())).append(':')
                .append(hex8(adler.getValue())).toString();
    }

    private static String hex8(long value) {
        String digits = Long.toHexString(value);
        return "00000000".substring(digits.length()).concat(digits);
    }

    /** Whether text is the prefix and then min to max digits (lower-case hex, or decimal). */
    private static boolean field(String text, String prefix, int min, int max, boolean hex) {
        int digits = text.length() - prefix.length();
        if (!text.startsWith(prefix) || digits < min || digits > max) {
            return false;
        }
        for (int i = prefix.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(hex && c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean stampText(String text) {
        String[] parts = text.split(":", -1);
        return parts.length == 3 && field(parts[0], "", 1, 9, false) && field(parts[1], "", 8, 8, true)
                && field(parts[2], "", 8, 8, true);
    }

    static String hex(byte[] bytes) {
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
