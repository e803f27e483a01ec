package io.mppfc.pool;

import io.mppfc.files.FileGate;
import io.mppfc.protocol.ShownText;
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
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scratch directories of class-data trainees that never removed their own: a trainee's
 * {@code sh} removes its scratch when the trainee ends, but a SIGKILL (an OOM kill, a job
 * scheduler's, a test harness ending a process group) ends the {@code sh} first. The next
 * training in the same temp directory removes those, and nothing else: a real directory (a link
 * is never followed), of the name {@code Files.createTempDirectory("mppfc-trainee")} gives, of
 * this user, writable by no one else, unwritten for {@link #AGE} (a trainee gives up after
 * minutes), holding only what a trainee writes there, each of its kind and this user's: its
 * script and its started slot (small regular files), its scratch cache (a marker, and a few files
 * of the one result of {@code Math.sqrt}). A user's directory of that name (a {@code frames}
 * full of pictures) is left.
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
    /** A started slot's name (StartedSlot's: its maker's pid, pid namespace and a random part), or the older one's. */
    private static final Pattern SLOT = Pattern.compile(
            "mppfc-started-([1-9][0-9]{0,18}-[0-9]{1,20}-[0-9a-f]{16}|[0-9]{1,20})");
    /** The largest script, slot or marker a trainee writes, with room to spare: its script is about 10 KiB. */
    private static final long SMALL = 1024 * 1024;
    /** Names in the trainee's function directory: one result's entry and the cache's own few files. */
    private static final int FUNCTION_NAMES = 64;

    private TraineeScratch() {
    }

    /** Removes what trainees left in {@code own}'s directory; {@code own} is this trainee's scratch, made just now. */
    static void sweep(Path own, Instant now) {
        Path temp = own.getParent();
        // every name counted against the bound, not only those a glob passes: a glob's filter reads
        // the whole directory, however large, before the bound is ever reached
        try (DirectoryStream<Path> names = Files.newDirectoryStream(temp)) {
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
        return a.isDirectory() && a.owner().equals(owner) && ownerOnly(a)
                && a.lastModifiedTime().toInstant().plus(AGE).isBefore(now)
                && holdsOnly(scratch, owner, TraineeScratch::topKind);
    }

    /** What a trainee writes at the top of its scratch: its script, its started slot, its scratch cache. */
    private static Kind topKind(String name) {
        if (name.equals("frames") || SLOT.matcher(name).matches()) {
            return Kind.SMALL_FILE;
        }
        return name.equals("cache") ? Kind.CACHE : Kind.NONE;
    }

    /** What a trainee's scratch cache holds: its marker and the one function's directory. */
    private static Kind cacheKind(String name) {
        if (name.equals(".mppfc-cache")) {
            return Kind.SMALL_FILE;
        }
        return name.equals("java.lang.Math.sqrt") ? Kind.FUNCTION : Kind.NONE;
    }

    /** What may be at a name in a trainee's scratch. */
    private enum Kind {
        /** A regular file of a few bytes: a script, a slot, a marker. */
        SMALL_FILE,
        /** The scratch cache's directory. */
        CACHE,
        /** The directory of the one function the trainee computes: a few files of one result. */
        FUNCTION,
        /** Nothing a trainee writes. */
        NONE
    }

    private static boolean ownerOnly(PosixFileAttributes a) {
        return !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }

    /**
     * Whether {@code dir} holds at most a few names, each allowed and of its kind, all this
     * user's: a trainee writes two or three, and a directory of a user's of those names (a
     * {@code frames} full of pictures) is not a trainee's.
     */
    private static boolean holdsOnly(Path dir, UserPrincipal owner, Function<String, Kind> allowed) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Kind kind = allowed.apply(f.getFileName().toString());
                if (++count > 8 || !isKind(f, kind, owner)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isKind(Path f, Kind kind, UserPrincipal owner) throws IOException {
        PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.owner().equals(owner)) {
            return false;
        }
        return switch (kind) {
            case SMALL_FILE -> a.isRegularFile() && a.size() <= SMALL;
            case CACHE -> a.isDirectory() && holdsOnly(f, owner, TraineeScratch::cacheKind);
            case FUNCTION -> a.isDirectory() && smallTree(f, owner, new int[] {FUNCTION_NAMES}, 0);
            case NONE -> false;
        };
    }

    /**
     * Whether the tree at {@code dir} is a few files and directories of this user, shallow: the
     * one result a trainee computes; {@code budget} is how many names may still be seen.
     */
    private static boolean smallTree(Path dir, UserPrincipal owner, int[] budget, int depth) throws IOException {
        if (depth > 8) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (--budget[0] < 0 || !a.owner().equals(owner)
                        || !(a.isRegularFile() || a.isDirectory() && smallTree(f, owner, budget, depth + 1))) {
                    return false;
                }
            }
        }
        return true;
    }
}
