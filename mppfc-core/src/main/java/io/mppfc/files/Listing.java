package io.mppfc.files;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/** The gate's listing: the names in a directory that match a pattern, never through a link. */
public final class Listing {

    private Listing() {
    }

    /**
     * Never lists through a symlink: a level directory replaced by one is not part of the cache.
     *
     * @param dir the directory
     * @param names the names to list
     * @return the matching children, sorted; none if the directory is missing or not a directory
     * @throws IOException if it cannot be read
     */
    public static List<Path> list(Path dir, Pattern names) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return found;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (names.matcher(child.getFileName().toString()).matches()) {
                    found.add(child);
                }
            }
        } catch (NoSuchFileException e) {
            return found;
        }
        found.sort(Comparator.comparing(Path::toString));
        return found;
    }
}
