package io.mppfc.cache.maintenance;

import io.mppfc.cache.CorruptEntryException;
import io.mppfc.cache.DiskCache;
import io.mppfc.cache.EntryFile;
import io.mppfc.cache.EntryFormat;
import io.mppfc.files.FileGate;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * A loose entry file whose entry a pack holds: removed afterwards only if it is still the same
 * file ({@code fileKey}), not one rewritten since it was read.
 */
record PackedLoose(Path path, Object fileKey) {

    /**
     * Reads and checks a loose entry as the packer takes it.
     *
     * @throws NoSuchFileException if it was removed meanwhile
     */
    static EntryFile.Loaded read(CacheInventory.Entry loose) throws IOException, CorruptEntryException {
        // the function directory of <function>/<abc>/<key>, as entries name it
        return EntryFile.read(loose.path(), loose.key(), EntryFormat.functionId(loose.path().getParent().getParent()));
    }

    /**
     * The checked entry's bytes as they are: an entry of an older format keeps it (restamping it
     * as format 4 would vouch for a key that nothing checked), and is read from the pack as from
     * its loose file.
     */
    static byte[] packedBytes(EntryFile.Loaded loaded) {
        return EntryFormat.bytesOf(loaded.parsed());
    }

    /**
     * Removes the file unless it was rewritten since it was read (an overwrite racing the
     * packer), which stays and wins over the pack: it is claimed by a rename first, and put back
     * if it turns out to be another file.
     *
     * @return whether it was removed
     */
    boolean removeIfUnchanged() throws IOException {
        Path claim = path.resolveSibling(DiskCache.TEMP_PREFIX + "packed-" + path.getFileName());
        try {
            Files.move(path, claim, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return false;
        }
        Object now = Files.readAttributes(claim, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        if (!Objects.equals(now, fileKey) || now == null) {
            try {
                Files.createLink(path, claim);
            } catch (FileAlreadyExistsException newer) {
                // rewritten again since: that one is newer still
            }
            FileGate.deleteFile(claim);
            return false;
        }
        FileGate.deleteFile(claim);
        return true;
    }
}
