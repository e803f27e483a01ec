package io.mppfc.cache;

import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.files.RefusalKind;
import io.mppfc.files.RefusedFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which arrangement of files a function's directory uses, recorded in its {@code layout} file so
 * that a cache is never misread: a directory written by an older or newer mppfc is refused with
 * what to do, rather than read as empty (silent misses) or mixed with a second layout.
 *
 * <p>Layout 2 (this one): {@code <function>/<3 hex digits>/<64 hex digits>} loose entries, at most
 * 4096 entry directories, plus immutable packs in {@code <function>/packs/}. Layout 1 (mppfc 0.1,
 * no {@code layout} file): {@code <function>/<4 hex>/<4 hex>/<57 hex>}, a directory per entry.
 */
public final class CacheLayout {

    /** The file in a function's directory that records its layout. */
    public static final String FILE = "layout";
    static final int CURRENT = 2;
    /** A layout record is one short line. */
    private static final int MAX_BYTES = 256;

    private static final Pattern RECORD = Pattern.compile("mppfc cache layout (\\d{1,9})\\s*");
    /** A directory of layout 1's first level: 14 bits as 4 hex digits. */
    public static final Pattern LAYOUT_1_LEVEL = Pattern.compile("[0-3][0-9a-f]{3}");

    private CacheLayout() {
    }

    /**
     * Checks that {@code functionDirectory} is in the current layout and, unless read-only,
     * records it there when it is new.
     *
     * @throws IncompatibleCacheException if it is in another layout, saying what to do
     */
    public static void check(Path functionDirectory, boolean readOnly) throws IOException {
        Integer recorded = recorded(functionDirectory);
        if (recorded == null) {
            if (holdsLayout1(functionDirectory)) {
                throw new IncompatibleCacheException(functionDirectory + " holds results in the layout of mppfc 0.1 "
                        + "(a directory per entry); convert it once with: mppfc upgrade --cache "
                        + functionDirectory.getParent() + " (nothing is recomputed)");
            }
            if (!readOnly) {
                record(functionDirectory);
                CacheMarker.markRootIfPossible(functionDirectory.getParent());
            }
            return;
        }
        if (recorded != CURRENT) {
            throw new IncompatibleCacheException(functionDirectory + " is in cache layout " + recorded
                    + (recorded > CURRENT ? ", written by a newer mppfc: use that version to read it"
                            : ", which this mppfc cannot read: run mppfc upgrade --cache " + functionDirectory.getParent())
                    + " (this mppfc reads layout " + CURRENT + ")");
        }
        if (!readOnly) {
            CacheMarker.markRootIfPossible(functionDirectory.getParent()); // a root of an older mppfc: marked now
        }
    }

    /** The layout its {@code layout} file names; null if there is none. */
    public static Integer recorded(Path functionDirectory) throws IOException {
        Path file = functionDirectory.resolve(FILE);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(FileGate.readBounded(file, MAX_BYTES)))
                    .toString();
        } catch (NoSuchFileException e) {
            return null;
        } catch (RefusedFileException e) {
            throw new IncompatibleCacheException(file + (e.kind() == RefusalKind.TOO_LARGE
                    ? " is not an mppfc layout record (too long)"
                    : " is " + e.kind().description() + ", not a file: this is not an mppfc cache directory of a known layout"));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IncompatibleCacheException(file + " is not an mppfc layout record (not text)");
        }
        Matcher m = RECORD.matcher(text);
        if (!m.matches()) {
            throw new IncompatibleCacheException(file + " is not an mppfc layout record; it says \""
                    + text.strip().lines().findFirst().orElse("") + "\"");
        }
        return Integer.valueOf(m.group(1));
    }

    /** Whether its {@code layout} file is an mppfc layout record, of this layout or another. */
    public static boolean isRecord(Path functionDirectory) throws IOException {
        try {
            return recorded(functionDirectory) != null;
        } catch (IncompatibleCacheException e) {
            return false;
        }
    }

    public static boolean holdsLayout1(Path functionDirectory) throws IOException {
        if (!Files.isDirectory(functionDirectory, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(functionDirectory)) {
            for (Path child : children) {
                if (LAYOUT_1_LEVEL.matcher(child.getFileName().toString()).matches()
                        && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Written whole and renamed into place: several processes opening a new cache at once all agree. */
    public static void record(Path functionDirectory) throws IOException {
        Path temp = functionDirectory.resolve(DiskCache.TEMP_PREFIX + "layout-" + Nonces.hex(8));
        FileGate.replace(functionDirectory.resolve(FILE), temp,
                ("mppfc cache layout " + CURRENT + "\n").getBytes(StandardCharsets.US_ASCII), FilePermissions.file());
    }
}
