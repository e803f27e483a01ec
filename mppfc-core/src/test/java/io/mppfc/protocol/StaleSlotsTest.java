package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which slot files a sweep removes: those of a maker no longer alive, and nothing else. */
class StaleSlotsTest {

    @TempDir
    Path dir;
    private Path own;

    @BeforeEach
    void makeOwnSlot() throws IOException {
        own = StartedSlot.create("0a1b2c3d4e5f", dir).path();
    }

    /** A slot file as the process {@code pid} of this pid namespace names it. */
    private Path slot(long pid, String random) throws IOException {
        return Files.write(dir.resolve(name(pid, random)), new byte[StartedSlot.SIZE]);
    }

    private static String name(long pid, String random) {
        return StartedSlot.PREFIX + pid + "-" + StaleSlots.namespace() + "-" + random;
    }

    /** The pid of a process that has exited (and was reaped). */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    /** {@code file}, now owned by {@code nobody}; the test is skipped where only root may do that. */
    private Path givenToAnotherUser(Path file) {
        try {
            Files.setOwner(file, dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("giving a file to another user needs root: " + e);
        }
        return file;
    }

    private int sweep() {
        return sweep(StaleSlots.MAX_SLOTS);
    }

    private int sweep(int maxSlots) {
        try {
            return StaleSlots.sweep(dir, own, Files.getOwner(own), StaleSlots.MAX_NAMES, maxSlots);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aNameGoneBeforeItsLookIsPassedOverAndTheNextIsStillJudged() throws Exception {
        Path gone = dir.resolve(name(deadPid(), "fedcba9876543210"));
        Path left = slot(deadPid(), "0123456789abcdef");

        assertThat(StaleSlots.removeIf(gone, () -> {
            throw new java.nio.file.NoSuchFileException(gone.toString()); // removed by another sweep meanwhile
        })).isZero();
        assertThat(StaleSlots.removeIf(left, () -> true)).isEqualTo(1);

        assertThat(left).doesNotExist();
    }

    @Test
    void aDirectoryPutAtASlotsNameAfterItsLookIsLeft() throws Exception {
        Path slot = slot(deadPid(), "00112233445566ff");

        assertThat(StaleSlots.removeIf(slot, () -> {
            // judged a dead maker's slot, then swapped for a directory before the removal
            Files.delete(slot);
            Files.createDirectory(slot);
            return true;
        })).isZero();

        assertThat(slot).isDirectory();
    }

    @Test
    void aSlotWhoseMakerHasExitedIsRemoved() throws Exception {
        Path left = slot(deadPid(), "0123456789abcdef");

        assertThat(sweep()).isEqualTo(1);

        assertThat(left).doesNotExist();
        assertThat(own).as("this process's own").exists();
    }

    @Test
    void aSlotOfALiveMakerIsKept() throws Exception {
        Process maker = new ProcessBuilder("sleep", "60").start();
        try {
            Path live = slot(maker.pid(), "0123456789abcdef");

            assertThat(sweep()).isZero();

            assertThat(live).exists();
        } finally {
            maker.destroyForcibly();
            maker.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void aSlotWhosePidNowBelongsToAProcessStartedLaterIsRemoved() throws Exception {
        java.time.Instant started = ProcessHandle.current().info().startInstant().orElseThrow();
        Path reused = slot(ProcessHandle.current().pid(), "0123456789abcdef");
        // written a minute before this process, of the same pid, started: its maker was another one
        Files.setLastModifiedTime(reused, java.nio.file.attribute.FileTime.from(started.minusSeconds(60)));

        assertThat(sweep()).isEqualTo(1);

        assertThat(reused).doesNotExist();
    }

    @Test
    void aSlotOfAnotherPidNamespaceIsLeft() throws Exception {
        // a container sharing this temp directory: its pids are not this namespace's, alive or not
        String other = StaleSlots.namespace().equals("1") ? "2" : "1";
        Path theirs = Files.write(dir.resolve(StartedSlot.PREFIX + deadPid() + "-" + other + "-0123456789abcdef"),
                new byte[StartedSlot.SIZE]);

        assertThat(sweep()).isZero();

        assertThat(theirs).exists();
    }

    @Test
    void aSlotOfAnotherUserIsLeft() throws Exception {
        Path theirs = givenToAnotherUser(slot(deadPid(), "0123456789abcdef"));

        assertThat(sweep()).isZero();

        assertThat(theirs).exists();
    }

    @Test
    void aLinkNamedAsADeadMakersSlotIsLeftAndItsTargetUntouched() throws Exception {
        Path target = Files.write(dir.resolve("target"), new byte[StartedSlot.SIZE]);
        Path link = Files.createSymbolicLink(dir.resolve(name(deadPid(), "0123456789abcdef")),
                target);

        assertThat(sweep()).isZero();

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(target).exists();
    }

    @Test
    void aFifoNamedAsADeadMakersSlotNeverBlocksTheSweepAndIsLeft() throws Exception {
        try (io.mppfc.files.Fifos fifos = new io.mppfc.files.Fifos()) {
            Path fifo = fifos.make(dir.resolve(name(deadPid(), "0123456789abcdef")));

            int removed = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(60),
                    () -> sweep());

            assertThat(removed).isZero();
            assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
        }
    }

    @Test
    void aDeadMakersSlotNameWithALineBreakAfterItIsLeft() throws Exception {
        Path broken = Files.write(dir.resolve(name(deadPid(), "0123456789abcdef") + "\n"), new byte[StartedSlot.SIZE]);

        assertThat(sweep()).isZero();

        assertThat(broken).exists();
    }

    @Test
    void filesOfAnotherNameOrSizeAreLeft() throws Exception {
        long dead = deadPid();
        Path withoutNamespace = Files.write(dir.resolve(StartedSlot.PREFIX + dead + "-0123456789abcdef"),
                new byte[StartedSlot.SIZE]);
        Path longer = Files.write(dir.resolve(name(dead, "0123456789abcdef")), new byte[StartedSlot.SIZE + 1]);
        Path suffixed = Files.write(dir.resolve(name(dead, "0123456789abcdef") + ".keep"), new byte[StartedSlot.SIZE]);
        Path directory = Files.createDirectory(dir.resolve(name(dead, "fedcba9876543210")));

        assertThat(sweep()).isZero();

        assertThat(withoutNamespace).exists();
        assertThat(longer).exists();
        assertThat(suffixed).exists();
        assertThat(directory).isDirectory();
    }

    /** A file of the older name ({@code Files.createTempFile}'s), last written {@code age} ago. */
    private Path oldNamed(String digits, int size, java.time.Duration age) throws IOException {
        Path file = Files.write(dir.resolve(StartedSlot.PREFIX + digits), new byte[size]);
        age(file, age);
        return file;
    }

    private static void age(Path file, java.time.Duration age) throws IOException {
        Files.setLastModifiedTime(file, FileTime.from(java.time.Instant.now().minus(age)));
    }

    @Test
    void anOldNamedSlotUnwrittenForLongerThanAnyRunIsRemoved() throws Exception {
        Path left = oldNamed("12345678901234567890", StartedSlot.SIZE, StaleSlots.OLD_NAME_AGE.plusDays(1));

        assertThat(sweep()).isEqualTo(1);

        assertThat(left).doesNotExist();
    }

    @Test
    void anOldNamedSlotWrittenWithinThatAgeIsLeft() throws Exception {
        // the name says no maker: one written in the last month may be a live run's
        Path recent = oldNamed("1234567890123", StartedSlot.SIZE, StaleSlots.OLD_NAME_AGE.minusDays(1));

        assertThat(sweep()).isZero();

        assertThat(recent).exists();
    }

    @Test
    void oldNamedFilesThatAreNotSlotsAreLeftHoweverOld() throws Exception {
        java.time.Duration old = StaleSlots.OLD_NAME_AGE.plusDays(1);
        Path longer = oldNamed("1234567890123", StartedSlot.SIZE + 1, old);
        Path suffixed = oldNamed("1234567890124.keep", StartedSlot.SIZE, old);
        Path tooManyDigits = oldNamed("123456789012345678901", StartedSlot.SIZE, old);
        Path directory = Files.createDirectory(dir.resolve(StartedSlot.PREFIX + "1234567890125"));
        age(directory, old);
        Path target = Files.write(dir.resolve("target"), new byte[StartedSlot.SIZE]);
        age(target, old);
        Path link = Files.createSymbolicLink(dir.resolve(StartedSlot.PREFIX + "1234567890126"), target);

        assertThat(sweep()).isZero();

        assertThat(longer).exists();
        assertThat(suffixed).exists();
        assertThat(tooManyDigits).exists();
        assertThat(directory).isDirectory();
        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(target).exists();
    }

    @Test
    void anOldNamedSlotOfAnotherUserIsLeftHoweverOld() throws Exception {
        Path theirs = givenToAnotherUser(oldNamed("1234567890123", StartedSlot.SIZE, StaleSlots.OLD_NAME_AGE.plusDays(1)));

        assertThat(sweep()).isZero();

        assertThat(theirs).exists();
    }

    @Test
    void oneSweepJudgesAtMostItsBoundOfSlots() throws Exception {
        long dead = deadPid();
        for (int i = 0; i < 5; i++) {
            slot(dead, "000000000000000" + i);
        }

        assertThat(sweep(2)).isEqualTo(2);
        assertThat(sweep(2)).isEqualTo(2);
        assertThat(sweep(2)).isEqualTo(1);
    }
}
