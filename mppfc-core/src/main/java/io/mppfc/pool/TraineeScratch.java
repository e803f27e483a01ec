package io.mppfc.pool;

import io.mppfc.files.StaleScratch;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The scratch directories of class-data trainees that never removed their own: a trainee's
 * {@code sh} removes its scratch when the trainee ends, but a SIGKILL (an OOM kill, a job
 * scheduler's, a test harness ending a process group) ends the {@code sh} first. The next
 * training in the same temp directory removes those, as {@link StaleScratch} sweeps, unwritten
 * for {@link #AGE} (a trainee gives up after minutes): what a trainee writes there is its script
 * and its started slot (small regular files) and its scratch cache (a marker, and a few files of
 * the one result of {@code Math.sqrt}). A user's directory of that name (a {@code frames} full of
 * pictures) is left.
 */
final class TraineeScratch {

    static final String PREFIX = "mppfc-trainee";
    /** Far beyond a trainee's own limit of minutes, at the lowest priority on a busy machine. */
    static final Duration AGE = Duration.ofDays(1);

    /** A started slot's name (StartedSlot's: its maker's pid, pid namespace and a random part), or the older one's. */
    private static final Pattern SLOT = Pattern.compile(
            "mppfc-started-([1-9][0-9]{0,18}-[0-9]{1,20}-[0-9a-f]{16}|[0-9]{1,20})");
    /** The largest script, slot or marker a trainee writes, with room to spare: its script is about 10 KiB. */
    private static final long SMALL = 1024 * 1024;
    /** Names at the top of a trainee's scratch and of its cache: a trainee writes two or three. */
    private static final int FEW = 8;
    /** Names in the trainee's function directory: one result's entry and the cache's own few files. */
    private static final int FUNCTION_NAMES = 64;
    /** What a name at the top of the scratch may be. */
    private static final StaleScratch.Rule TOP = (f, a, me) -> isKind(f, a, me, topKind(f.getFileName().toString()));
    /** What a name in its scratch cache may be. */
    private static final StaleScratch.Rule IN_CACHE = (f, a, me) -> isKind(f, a, me, cacheKind(f.getFileName().toString()));
    private static final StaleScratch SWEEP = new StaleScratch("a trainee's scratch", PREFIX, AGE, FEW, TOP);

    private TraineeScratch() {
    }

    /** Removes what trainees left in {@code own}'s directory; {@code own} is this trainee's scratch, made just now. */
    static void sweep(Path own, Instant now) {
        SWEEP.sweep(own, now);
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

    /**
     * Whether an entry of {@code kind}, this user's, is what a trainee writes: a directory of a
     * user's of those names (a {@code frames} full of pictures) is not a trainee's.
     */
    private static boolean isKind(Path f, PosixFileAttributes a, UserPrincipal owner, Kind kind) throws IOException {
        return switch (kind) {
            case SMALL_FILE -> a.isRegularFile() && a.size() <= SMALL;
            case CACHE -> a.isDirectory() && StaleScratch.holdsOnly(f, owner, FEW, IN_CACHE);
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
                PosixFileAttributes a = StaleScratch.attributes(f);
                if (--budget[0] < 0 || !a.owner().equals(owner)
                        || !(a.isRegularFile() || a.isDirectory() && smallTree(f, owner, budget, depth + 1))) {
                    return false;
                }
            }
        }
        return true;
    }
}
