package io.mppfc.files;

import io.mppfc.text.ShownText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sweep of one kind of scratch directory that runs killed before their own cleanup (SIGKILL
 * runs no close, no {@code finally}, no {@code sh} trap) left in the system's temp directory,
 * which other users' and other programs' files share. It removes those, and nothing else: a real
 * directory (a link is never followed), of exactly the name {@code Files.createTempDirectory(prefix)}
 * gives, of this user, writable by no one else, unwritten for the kind's age, and holding only
 * what a run of the kind writes there, each entry this user's and of a kind its {@link Rule}
 * allows. It looks at a bounded number of names and removes a bounded number of directories; a
 * directory it cannot judge or remove (gone meanwhile, another sweep's) is passed over, never
 * the end of the sweep.
 *
 * @since 0.3
 */
public final class StaleScratch {

    /** Names of the temp directory looked at by one sweep: a directory of millions costs no more. */
    public static final int MAX_NAMES = 100_000;
    /** Directories removed by one sweep. */
    public static final int MAX_REMOVED = 16;

    private static final Logger LOG = LoggerFactory.getLogger(StaleScratch.class);

    /** What one entry of a kind's scratch may be. */
    @FunctionalInterface
    public interface Rule {
        /**
         * @param path the entry
         * @param a its attributes, read without following a link; its owner is this user
         * @param me this user
         * @return whether a run of the kind writes such an entry there
         * @throws IOException if what is below the entry cannot be looked at
         */
        boolean allows(Path path, PosixFileAttributes a, UserPrincipal me) throws IOException;
    }

    private final String what;
    private final Pattern name;
    private final Duration age;
    private final int maxEntries;
    private final Rule rule;

    /**
     * @param what the kind in a log's words, such as "a push's scratch"
     * @param prefix the prefix its runs give {@code Files.createTempDirectory}
     * @param age how long a scratch of the kind must have gone unwritten to be a killed run's
     * @param maxEntries the most names a scratch of the kind holds
     * @param rule what each of those names may be
     */
    public StaleScratch(String what, String prefix, Duration age, int maxEntries, Rule rule) {
        this.what = what;
        // Files.createTempDirectory's name: the prefix, then a random long's unsigned digits
        this.name = Pattern.compile(Pattern.quote(prefix) + "[0-9]{1,20}");
        this.age = age;
        this.maxEntries = maxEntries;
        this.rule = rule;
    }

    /** Removes what killed runs of the kind left beside {@code own}, this run's scratch, made just now. */
    public void sweep(Path own, Instant now) {
        Path temp = own.getParent();
        // every name counted against the bound, not only those a glob passes: a glob's filter reads
        // the whole directory, however large, before the bound is ever reached
        try (DirectoryStream<Path> names = Files.newDirectoryStream(temp)) {
            UserPrincipal me = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
            int looked = 0;
            int removed = 0;
            for (Path dir : names) {
                if (++looked > MAX_NAMES || removed >= MAX_REMOVED) {
                    break;
                }
                try {
                    if (!dir.equals(own) && left(dir, me, now)) {
                        FileGate.deleteTree(dir);
                        removed++;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("left {}, {}: {}", ShownText.line(dir.toString()), what, ShownText.line(e.toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for {} left in {}: {}", what, ShownText.line(temp.toString()),
                    ShownText.line(e.toString()));
        }
    }

    private boolean left(Path dir, UserPrincipal me, Instant now) throws IOException {
        if (!name.matcher(dir.getFileName().toString()).matches()) {
            return false;
        }
        PosixFileAttributes a = attributes(dir);
        return a.isDirectory() && a.owner().equals(me) && ownerOnly(a)
                && a.lastModifiedTime().toInstant().plus(age).isBefore(now) && holdsOnly(dir, me, maxEntries, rule);
    }

    /** Whether no one but the owner may write in it: Files.createTempDirectory makes it so. */
    private static boolean ownerOnly(PosixFileAttributes a) {
        return !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * Whether {@code dir} holds at most {@code max} names, each this user's and allowed by
     * {@code rule}: for a rule that looks into a directory it allows.
     *
     * @param dir a directory
     * @param me this user
     * @param max the most names it may hold
     * @param rule what each may be
     * @return whether it does
     * @throws IOException if it, or what the rule looks at, cannot be looked at
     */
    public static boolean holdsOnly(Path dir, UserPrincipal me, int max, Rule rule) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path f : entries) {
                if (++count > max) {
                    return false;
                }
                PosixFileAttributes a = attributes(f);
                if (!a.owner().equals(me) || !rule.allows(f, a, me)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * @param path a path
     * @return its attributes, read without following a link
     * @throws IOException if it cannot be looked at
     */
    public static PosixFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
}
