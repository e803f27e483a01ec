package io.mppfc.pool;

import io.mppfc.files.FileGate;
import io.mppfc.protocol.ShownText;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch directories of class-data trainees that never removed their own: a trainee's
 * {@code sh} removes its scratch when the trainee ends, but a SIGKILL (an OOM kill, a job
 * scheduler's, a test harness ending a process group) ends the {@code sh} first. The next
 * training in the same temp directory removes those, and nothing else: a real directory (a link
 * is never followed), of the name {@code Files.createTempDirectory("mppfc-trainee")} gives, of
 * this user, unwritten for {@link #AGE} (a trainee gives up after minutes), holding only what a
 * trainee writes there (its script, its scratch cache of {@code Math.sqrt}, its started slot).
 */
final class TraineeScratch {

    static final String PREFIX = "mppfc-trainee";
    /** Far beyond a trainee's own limit of minutes, at the lowest priority on a busy machine. */
    static final Duration AGE = Duration.ofDays(1);
    /** Names of the temp directory looked at by one sweep: a directory of millions costs no more. */
    static final int MAX_NAMES = 100_000;
    /** Directories removed by one sweep. */
    static final int MAX_REMOVED = 16;

    private static final Logger LOG = LoggerFactory.getLogger(TraineeScratch.class);
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "[0-9]{1,20}");
    private static final Set<String> TOP = Set.of("frames", "cache");
    private static final Set<String> IN_CACHE = Set.of(".mppfc-cache", "java.lang.Math.sqrt");
    private static final String SLOT = "mppfc-started-";

    private TraineeScratch() {
    }

    /** Removes what trainees left in {@code own}'s directory; {@code own} is this trainee's scratch, made just now. */
    static void sweep(Path own, Instant now) {
        Path temp = own.getParent();
        try (DirectoryStream<Path> names = Files.newDirectoryStream(temp, PREFIX + "*")) {
            UserPrincipal owner = Files.getOwner(own, LinkOption.NOFOLLOW_LINKS);
            int looked = 0;
            int removed = 0;
            for (Path scratch : names) {
                if (++looked > MAX_NAMES || removed >= MAX_REMOVED) {
                    break;
                }
                if (!scratch.equals(own) && left(scratch, owner, now)) {
                    FileGate.deleteTree(scratch);
                    removed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot remove the scratch left by earlier trainees in {}: {}", ShownText.line(temp.toString()),
                    ShownText.line(e.toString()));
        }
    }

    private static boolean left(Path scratch, UserPrincipal owner, Instant now) throws IOException {
        if (!NAME.matcher(scratch.getFileName().toString()).matches()) {
            return false;
        }
        PosixFileAttributes a = Files.readAttributes(scratch, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isDirectory() && a.owner().equals(owner) && a.lastModifiedTime().toInstant().plus(AGE).isBefore(now)
                && holdsOnly(scratch, name -> TOP.contains(name) || name.startsWith(SLOT))
                && (!Files.exists(scratch.resolve("cache"), LinkOption.NOFOLLOW_LINKS)
                        || Files.isDirectory(scratch.resolve("cache"), LinkOption.NOFOLLOW_LINKS)
                                && holdsOnly(scratch.resolve("cache"), IN_CACHE::contains));
    }

    /** Whether {@code dir} holds at most a few names, each allowed: a trainee writes two or three. */
    private static boolean holdsOnly(Path dir, Predicate<String> allowed) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (++count > 8 || !allowed.test(f.getFileName().toString())) {
                    return false;
                }
            }
        }
        return true;
    }
}
