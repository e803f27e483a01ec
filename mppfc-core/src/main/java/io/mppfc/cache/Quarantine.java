package io.mppfc.cache;

import io.mppfc.cache.pack.PackSet;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.text.ShownText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder, inside a function's directory, that bad entries are moved to: never deleted, a
 * user may want to look. Only a real directory is used: whatever else sits at its name (a file,
 * a symlink to somewhere outside the cache) is itself moved aside first, so nothing is ever
 * moved out of the cache.
 */
public final class Quarantine {

    static final String NAME = ".quarantine";

    private static final Logger LOG = LoggerFactory.getLogger(Quarantine.class);
    /**
     * What the quarantine may hold before a damaged pack is no longer kept whole: its files, and
     * their bytes. Things moved there (a damaged loose file) cost nothing new and always go;
     * only a pack kept beside its repaired copy adds bytes that would otherwise be freed.
     */
    static final int MAX_FILES = 10_000;
    static final long MAX_BYTES = 1L << 30;
    /** Warnings a process gives one by one; after these, one line says the rest go unmentioned. */
    private static final int WARNINGS = 100;
    private static final java.util.concurrent.atomic.AtomicInteger WARNED = new java.util.concurrent.atomic.AtomicInteger();

    private Quarantine() {
    }

    /**
     * Moves a bad entry (or a bad node of the tree) aside, with a warning.
     *
     * @param functionDirectory the function's directory
     * @param path what to move, inside it
     * @param reason why it is bad
     * @return where it went, or null if another process moved or replaced it first
     * @throws IOException if it can be neither moved nor found gone
     */
    public static Path move(Path functionDirectory, Path path, String reason) throws IOException {
        return move(functionDirectory, path, "cache entry", reason);
    }

    /**
     * As {@link #move(Path, Path, String)}, for a thing that is not an entry.
     *
     * @param what what the thing is, as the warning names it ("pack", "failure record", "cache file")
     */
    public static Path move(Path functionDirectory, Path path, String what, String reason) throws IOException {
        Path folder = folder(functionDirectory);
        Path relative = functionDirectory.relativize(path);
        Path target = folder.resolve(String.join("-", relative.toString().split("[/\\\\]")) + uniqueSuffix());
        try {
            FileGate.rename(path, target, false);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (warnOnce()) {
            LOG.warn("{} {} is bad ({}); moved to {}{}", what, ShownText.line(path), ShownText.line(reason),
                    ShownText.line(target),
                    what.equals("cache entry") ? " and treated as a miss" : "");
        }
        return target;
    }

    /** Whether this warning is one of the first {@link #WARNINGS}; the one after them says so. */
    private static boolean warnOnce() {
        int n = WARNED.incrementAndGet();
        if (n == WARNINGS + 1) {
            LOG.warn("more than {} bad cache entries found by this process; the rest are moved aside without a "
                    + "warning each (mppfc status counts them)", WARNINGS);
        }
        return n <= WARNINGS;
    }

    /**
     * Keeps a pack that has damaged records, whole and once, before it is replaced by a copy
     * without them: a hard link (no bytes copied), one file however many of its records are
     * damaged. Not kept (said once, here) when the quarantine holds {@link #MAX_FILES} files or
     * the pack would take it past {@link #MAX_BYTES}: its damaged records are then dropped.
     *
     * @param damagedRecords how many of its records are damaged
     * @return where it went, or null if it was not kept
     */
    public static Path keepPack(Path functionDirectory, Path pack, long damagedRecords, String reason) throws IOException {
        Path folder = folder(functionDirectory);
        long size = FileGate.regularFile(pack).size(); // never a link's target, never a FIFO to copy from
        long[] held = held(folder);
        if (held[0] >= MAX_FILES || held[1] + size > MAX_BYTES) {
            LOG.warn("pack {} has {} damaged record{} ({}); they are dropped, not kept: the quarantine {} holds {} "
                    + "files of {} bytes, and keeps at most {} files of {} bytes", ShownText.line(pack), damagedRecords,
                    damagedRecords == 1 ? "" : "s", ShownText.line(reason), ShownText.line(folder), held[0], held[1],
                    MAX_FILES, MAX_BYTES);
            return null;
        }
        Path target = folder.resolve(PackSet.DIRECTORY + "-" + pack.getFileName() + uniqueSuffix());
        try {
            Files.createLink(target, pack);
        } catch (UnsupportedOperationException | IOException e) {
            FileGate.copyNew(pack, target, size, FilePermissions.file()); // within the bound just checked
        }
        LOG.warn("pack {} has {} damaged record{} ({}); it is kept whole in {} and rewritten without them, which "
                + "are treated as misses", ShownText.line(pack), damagedRecords, damagedRecords == 1 ? "" : "s",
                ShownText.line(reason), ShownText.line(target));
        return target;
    }

    /** The files and bytes a quarantine folder holds, counted up to just past its bound. */
    private static long[] held(Path folder) throws IOException {
        long files = 0;
        long bytes = 0;
        try (var list = Files.newDirectoryStream(folder)) {
            for (Path p : list) {
                if (++files > MAX_FILES) {
                    break;
                }
                try {
                    bytes += Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
                } catch (NoSuchFileException e) {
                    files--;
                }
            }
        }
        return new long[] {files, bytes};
    }

    private static String uniqueSuffix() {
        return "." + System.currentTimeMillis() + "." + HexFormat.of().toHexDigits((int) Nonces.nextLong());
    }

    /** The quarantine folder as a real, owner-only directory. */
    private static Path folder(Path functionDirectory) throws IOException {
        Path folder = functionDirectory.resolve(NAME);
        for (int attempt = 0; attempt < 3; attempt++) {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(folder, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (NoSuchFileException e) {
                try {
                    FilePermissions.createDirectory(folder); // mkdir: never through a link
                } catch (java.nio.file.FileAlreadyExistsException made) {
                    // made (or planted) meanwhile: looked at again
                }
                continue;
            }
            if (a.isDirectory()) {
                return folder;
            }
            Path displaced = functionDirectory.resolve(NAME + ".displaced" + uniqueSuffix());
            try {
                FileGate.rename(folder, displaced, false);
                LOG.warn("{} was {}, not a directory; moved it to {}", ShownText.line(folder), EntryFile.kind(a),
                        ShownText.line(displaced));
            } catch (NoSuchFileException e) {
                // someone else moved it
            }
        }
        throw new IOException("cannot make " + folder + " a directory: something keeps replacing it");
    }

    /** How many things were moved aside in a function's directory (0 if there is no folder). */
    public static long count(Path functionDirectory) throws IOException {
        Path folder = functionDirectory.resolve(NAME);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return 0;
        }
        try (var list = Files.list(folder)) {
            return list.count();
        }
    }
}
