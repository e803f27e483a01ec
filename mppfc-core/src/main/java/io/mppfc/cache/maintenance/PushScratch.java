package io.mppfc.cache.maintenance;

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
import java.util.regex.Pattern;

/**
 * The scratch directories of pushes that were killed while they gathered loose entries into
 * packs (SIGKILL runs no close), in the system's temp directory, which other users' and other
 * programs' files share. A later push removes those, and nothing else: a real directory (a link
 * is never followed), of exactly the name {@code Files.createTempDirectory(PREFIX)} gives, of this
 * user, writable by no one else, untouched for {@link #AGE}, holding only what a push writes there
 * (packs and their temp files, regular files of this user). A look at a bounded number of names.
 */
final class PushScratch {

    static final String PREFIX = "mppfc-push-";
    /**
     * A push writes into its scratch as it gathers (each new pack, a change of the directory), so
     * one untouched this long is a killed push's, as shipping judges the temp directories a killed
     * shipment leaves.
     */
    static final Duration AGE = Duration.ofDays(1);
    /** Names of the temp directory looked at by one sweep: a directory of millions costs no more. */
    static final int MAX_NAMES = 100_000;
    /** Directories removed by one sweep. */
    static final int MAX_REMOVED = 16;
    /** Files a scratch may hold and still be taken for a push's: a push of a terabyte gathers about a thousand packs. */
    static final int MAX_FILES = 4096;

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(PushScratch.class);
    /** Files.createTempDirectory's name: the prefix, then a random long's unsigned digits. */
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "[0-9]{1,20}");
    /** A gathered pack, or the temp file it is written in (PackWriter's names). */
    private static final Pattern PACK = Pattern.compile("pack-[0-9a-f]{12}-[0-9a-f]{16}\\.mpk|\\.tmp-pack-[0-9a-f]{16}");

    private PushScratch() {
    }

    /** Removes what killed pushes left beside {@code own}, this push's scratch, made just now. */
    static void sweep(Path own, Instant now) {
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
                    LOG.debug("left {}, a push's scratch: {}", ShownText.line(dir.toString()), ShownText.line(e.toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot look for the scratch of pushes killed before in {}: {}", ShownText.line(temp.toString()),
                    ShownText.line(e.toString()));
        }
    }

    private static boolean left(Path dir, UserPrincipal me, Instant now) throws IOException {
        if (!NAME.matcher(dir.getFileName().toString()).matches()) {
            return false;
        }
        PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return a.isDirectory() && a.owner().equals(me) && ownerOnly(a)
                && a.lastModifiedTime().toInstant().plus(AGE).isBefore(now) && holdsOnlyPacks(dir, me);
    }

    /** Whether no one but the owner may write in it: Files.createTempDirectory makes it so. */
    static boolean ownerOnly(PosixFileAttributes a) {
        return !a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                && !a.permissions().contains(PosixFilePermission.OTHERS_WRITE);
    }

    private static boolean holdsOnlyPacks(Path dir, UserPrincipal me) throws IOException {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (++count > MAX_FILES || !PACK.matcher(f.getFileName().toString()).matches()) {
                    return false;
                }
                PosixFileAttributes a = Files.readAttributes(f, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (!a.isRegularFile() || !a.owner().equals(me)) {
                    return false;
                }
            }
        }
        return true;
    }
}
