package io.mppfc.cache;

import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
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
    private static final SecureRandom RANDOM = new SecureRandom();

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
        Path folder = folder(functionDirectory);
        Path relative = functionDirectory.relativize(path);
        Path target = folder.resolve(String.join("-", relative.toString().split("[/\\\\]")) + uniqueSuffix());
        try {
            FileGate.rename(path, target, false);
        } catch (NoSuchFileException e) {
            return null;
        }
        LOG.warn("cache entry {} is bad ({}); moved to {} and treated as a miss", path, reason, target);
        return target;
    }

    /**
     * Keeps the bytes of a damaged record of a pack (which is rewritten without it) as a file in
     * the quarantine, with a warning.
     *
     * @return where they went
     */
    public static Path keep(Path functionDirectory, String name, byte[] bytes, String reason) throws IOException {
        Path target = folder(functionDirectory).resolve(name + uniqueSuffix());
        FileGate.writeNew(target, bytes, FilePermissions.file());
        LOG.warn("a cache record {} is bad ({}); kept in {} and treated as a miss", name, reason, target);
        return target;
    }

    private static String uniqueSuffix() {
        return "." + System.currentTimeMillis() + "." + HexFormat.of().toHexDigits(RANDOM.nextInt());
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
                    Files.createDirectory(folder, FilePermissions.directory()); // mkdir: never through a link
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
                LOG.warn("{} was {}, not a directory; moved it to {}", folder, EntryFile.kind(a), displaced);
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
