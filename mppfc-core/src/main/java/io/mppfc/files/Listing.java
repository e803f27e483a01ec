package io.mppfc.files;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
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
        return list(dir, names.asMatchPredicate());
    }

    /**
     * As {@link #list(Path, Pattern)}, for names told apart by code rather than a pattern: a
     * listing made per published batch matched each name with a regular expression, whose matcher
     * was among the largest methods a worker's compiler worked on.
     *
     * @param dir the directory
     * @param names which names to list
     * @return the matching children, sorted; none if the directory is missing or not a directory
     * @throws IOException if it cannot be read
     */
    public static List<Path> list(Path dir, Predicate<String> names) throws IOException {
        BasicFileAttributes seen;
        try {
            seen = RegularFiles.attributesOrNull(dir);
        } catch (IOException e) {
            return new ArrayList<>(); // not to be looked at: as good as missing (Files.isDirectory's answer)
        }
        return list(dir, seen, names);
    }

    /**
     * Lists a directory that an {@code lstat} (without following a link) has just described, as
     * {@link #list(Path, Pattern)} does after its own: for a caller that needed that look anyway.
     * The names come from {@code java.io.File}, whose {@code opendir} is one open, a
     * {@code getdents64} or two and a close, where a {@code DirectoryStream} adds a {@code dup},
     * two {@code fcntl} and a second close. Both follow a link swapped in after the look, in the
     * same window (an {@code open} of a directory cannot refuse a link on Java 17); what is
     * listed is only names, each opened afterwards through the gate.
     *
     * @param dir the directory
     * @param seen what the {@code lstat} of {@code dir} said, or null if nothing was there
     * @param names the names to list
     * @return the matching children, sorted; none if it was missing or not a real directory
     * @throws IOException if it cannot be read
     */
    public static List<Path> list(Path dir, BasicFileAttributes seen, Pattern names) throws IOException {
        return list(dir, seen, names.asMatchPredicate());
    }

    /**
     * As {@link #list(Path, BasicFileAttributes, Pattern)}, for names told apart by code.
     *
     * @param dir the directory
     * @param seen what the {@code lstat} of {@code dir} said, or null if nothing was there
     * @param names which names to list
     * @return the matching children, sorted; none if it was missing or not a real directory
     * @throws IOException if it cannot be read
     */
    public static List<Path> list(Path dir, BasicFileAttributes seen, Predicate<String> names) throws IOException {
        List<Path> found = new ArrayList<>();
        if (seen == null || !seen.isDirectory()) {
            return found;
        }
        String[] children = new File(dir.toString()).list();
        if (children == null) {
            return listReportingWhy(dir, names); // java.io.File says only that it failed
        }
        String[] matching = new String[children.length];
        int n = 0;
        for (String child : children) {
            if (names.test(child)) {
                matching[n++] = child;
            }
        }
        // the names sorted, not the paths: one directory's children sort as their names do, and
        // without a comparator of paths by their text made per listing
        Arrays.sort(matching, 0, n);
        for (int i = 0; i < n; i++) {
            found.add(dir.resolve(matching[i]));
        }
        return found;
    }

    /** The slower listing, whose exception says what went wrong (gone meanwhile is an empty listing). */
    private static List<Path> listReportingWhy(Path dir, Predicate<String> names) throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
            for (Path child : children) {
                if (names.test(child.getFileName().toString())) {
                    found.add(child);
                }
            }
        } catch (NoSuchFileException e) {
            return found;
        }
        found.sort(java.util.Comparator.comparing(Path::toString));
        return found;
    }
}
