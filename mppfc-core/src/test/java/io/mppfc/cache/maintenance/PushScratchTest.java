package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mppfc.files.Fifos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A later push removes the scratch a killed push left in the shared temp directory, and nothing
 * else there: not a user's directory of a like name, not one holding anything but packs, not
 * another user's, never through a link.
 */
class PushScratchTest {

    private static final Instant NOW = Instant.parse("2026-12-07T22:00:00Z");
    private static final Instant TWO_DAYS_AGO = NOW.minus(Duration.ofDays(2));
    private static final String PACK = "pack-000000000001-00000000000000aa.mpk";

    @RegisterExtension
    final Fifos fifos = new Fifos();

    @TempDir
    Path temp;
    Path own;

    @BeforeEach
    void ownScratch() throws IOException {
        own = scratch(PushScratch.PREFIX + "1", NOW);
    }

    @Test
    void aKilledPushsScratchADayOldIsRemoved() throws IOException {
        Path left = scratch(PushScratch.PREFIX + "8046531987701723390", TWO_DAYS_AGO);
        PushScratch.sweep(own, NOW);
        assertThat(left).doesNotExist();
        assertThat(own).isDirectory();
    }

    @Test
    void aDirectoryWhoseNameOnlyStartsWithThePrefixIsLeft() throws IOException {
        Path users = scratch(PushScratch.PREFIX + "photos", TWO_DAYS_AGO);
        Path withLineBreak = scratch(PushScratch.PREFIX + "5\n", TWO_DAYS_AGO);
        PushScratch.sweep(own, NOW);
        assertThat(users.resolve(PACK)).exists();
        assertThat(withLineBreak.resolve(PACK)).exists();
    }

    @Test
    void aScratchHoldingAnythingButPacksIsLeftHoweverOld() throws IOException {
        Path someones = scratch(PushScratch.PREFIX + "43", TWO_DAYS_AGO);
        Files.writeString(someones.resolve("thesis.tex"), "\\documentclass{book}");
        Files.createDirectory(someones.resolve("pack-000000000002-00000000000000bb.mpk"));
        Files.setLastModifiedTime(someones, FileTime.from(TWO_DAYS_AGO));
        PushScratch.sweep(own, NOW);
        assertThat(someones.resolve("thesis.tex")).exists();
    }

    @Test
    void anotherUsersScratchIsLeft() throws IOException {
        Path theirs = StaleFiles.givenToAnotherUser(scratch(PushScratch.PREFIX + "44", TWO_DAYS_AGO));
        PushScratch.sweep(own, NOW);
        assertThat(theirs.resolve(PACK)).exists();
    }

    @Test
    void aScratchHoldingAnotherUsersPackIsLeft() throws IOException {
        Path dir = scratch(PushScratch.PREFIX + "45", TWO_DAYS_AGO);
        StaleFiles.givenToAnotherUser(dir.resolve(PACK));
        Files.setLastModifiedTime(dir, FileTime.from(TWO_DAYS_AGO));
        PushScratch.sweep(own, NOW);
        assertThat(dir.resolve(PACK)).exists();
    }

    @Test
    void aScratchOthersMayWriteInIsLeft() throws IOException {
        Path open = scratch(PushScratch.PREFIX + "46", TWO_DAYS_AGO);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setLastModifiedTime(open, FileTime.from(TWO_DAYS_AGO));
        PushScratch.sweep(own, NOW);
        assertThat(open.resolve(PACK)).exists();
    }

    @Test
    void aLinkOfTheNameIsLeftAndItsTargetNotEntered() throws IOException {
        Path elsewhere = scratch("elsewhere", TWO_DAYS_AGO);
        Path link = Files.createSymbolicLink(temp.resolve(PushScratch.PREFIX + "47"), elsewhere);
        PushScratch.sweep(own, NOW);
        assertThat(link).isSymbolicLink();
        assertThat(elsewhere.resolve(PACK)).exists();
    }

    @Test
    void aFifoOfTheNameNeverBlocksTheSweep() throws Exception {
        Path fifo = fifos.make(temp.resolve(PushScratch.PREFIX + "48"));
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> PushScratch.sweep(own, NOW));
        assertThat(Files.isRegularFile(fifo)).isFalse();
        assertThat(fifo).exists();
    }

    /**
     * A process in a loop puts a killed push's scratch at the name, moves it away, puts a link to
     * a directory that looks like one there, removes that: whatever the sweep saw at the name,
     * what the link points to is never entered.
     */
    @Test
    void aScratchSwappedForALinkWhileSweptNeverLetsTheSweepIntoTheLinksTarget() throws Exception {
        Path victim = scratch("victim", TWO_DAYS_AGO);
        String name = PushScratch.PREFIX + "51";
        // perl, not sh: its renames are system calls microseconds apart, not a process each
        String loop = "my ($n, $p) = @ARGV; open(my $r, '>>', 'rounds') or die; until (-e 'stop') {"
                + " mkdir 'd', 0700; open(my $f, '>', \"d/$p\"); close $f; utime 1e9, 1e9, 'd';"
                + " rename 'd', $n; rename $n, 'd'; symlink 'victim', $n; unlink $n; syswrite $r, '.'; }";
        Process racer = new ProcessBuilder("perl", "-e", loop, name, PACK)
                .directory(temp.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            // sweeps while the racer goes round 20000 times: the bound only catches a hang
            Path rounds = temp.resolve("rounds");
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while ((!Files.exists(rounds) || Files.size(rounds) < 20_000) && racer.isAlive()
                    && System.nanoTime() < deadline) {
                PushScratch.sweep(own, NOW);
            }
            assertThat(Files.size(rounds)).as("the racer's rounds while swept").isGreaterThanOrEqualTo(20_000);
        } finally {
            Files.createFile(temp.resolve("stop"));
            if (!racer.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                racer.destroyForcibly();
            }
        }
        assertThat(victim.resolve(PACK)).exists();
    }

    /** What a killed push leaves: an owner-only directory holding a pack, unwritten since {@code written}. */
    private Path scratch(String name, Instant written) throws IOException {
        Path dir = Files.createDirectory(temp.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.write(dir.resolve(PACK), new byte[64]);
        Files.setLastModifiedTime(dir, FileTime.from(written));
        return dir;
    }
}
