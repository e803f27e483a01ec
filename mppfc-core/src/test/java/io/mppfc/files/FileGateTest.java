package io.mppfc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.RandomAccessFile;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the gate refuses, and that it says so by kind, on real files, links and FIFOs. */
class FileGateTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @RegisterExtension
    final Fifos fifos = new Fifos();

    private static RefusalKind refusal(Throwable t) {
        return ((RefusedFileException) t).kind();
    }

    @Test
    void aRegularFileIsReadWhole() throws Exception {
        Path file = Files.write(dir.resolve("f"), new byte[] {1, 2, 3});
        assertThat(FileGate.readBounded(file, 3)).containsExactly(1, 2, 3);
    }

    @Test
    void aFifoIsRefusedWithoutBeingOpened() throws Exception {
        Path fifo = fifos.make(dir.resolve("fifo"));
        assertTimeoutPreemptively(DEADLINE, () -> {
            assertThatThrownBy(() -> FileGate.readBounded(fifo, 100)).satisfies(
                    t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SPECIAL_FILE));
            assertThatThrownBy(() -> FileGate.openLock(fifo)).satisfies(
                    t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SPECIAL_FILE));
            assertThatThrownBy(() -> FileGate.touch(fifo, FileTime.fromMillis(0))).satisfies(
                    t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SPECIAL_FILE));
            assertThatThrownBy(() -> FileGate.openReadWrite(fifo)).satisfies(
                    t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SPECIAL_FILE));
            assertThatThrownBy(() -> FileGate.copyNew(fifo, dir.resolve("copy"), 100)).satisfies(
                    t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SPECIAL_FILE));
        });
        assertThat(dir.resolve("copy")).doesNotExist();
    }

    @Test
    void aFileIsOpenedForWritingInPlaceOnlyWhereItIsAndNeverThroughALink() throws Exception {
        Path target = Files.write(dir.resolve("target"), new byte[] {7});
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThatThrownBy(() -> FileGate.openReadWrite(link)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SYMBOLIC_LINK));
        assertThatThrownBy(() -> FileGate.openReadWrite(dir.resolve("absent"))).isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("absent")).doesNotExist();
        try (FileGate.Opened opened = FileGate.openReadWrite(target)) {
            opened.channel().write(java.nio.ByteBuffer.wrap(new byte[] {8}), 0);
        }
        assertThat(Files.readAllBytes(target)).containsExactly(8);
    }

    @Test
    void aCopyIsOfARegularFileOnlyAndNeverWrittenThroughALink() throws Exception {
        Path source = Files.write(dir.resolve("source"), new byte[] {1, 2, 3, 4});
        Path outside = dir.resolve("outside");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), outside);
        assertThatThrownBy(() -> FileGate.copyNew(source, dangling, 100)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(outside).doesNotExist();
        Path linkToSource = Files.createSymbolicLink(dir.resolve("link"), source);
        assertThatThrownBy(() -> FileGate.copyNew(linkToSource, dir.resolve("c1"), 100)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SYMBOLIC_LINK));
        assertThatThrownBy(() -> FileGate.copyNew(source, dir.resolve("c2"), 3)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.TOO_LARGE));
        FileGate.copyNew(source, dir.resolve("copy"), 4);
        assertThat(Files.readAllBytes(dir.resolve("copy"))).containsExactly(1, 2, 3, 4);
        assertThat(dir.resolve("c1")).doesNotExist();
        assertThat(dir.resolve("c2")).doesNotExist();
    }

    @Test
    void aLinkToAFileIsRefusedNotFollowed() throws Exception {
        Path target = Files.write(dir.resolve("target"), new byte[] {7});
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThatThrownBy(() -> FileGate.openRead(link)).isInstanceOf(RefusedFileException.class)
                .satisfies(t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SYMBOLIC_LINK))
                .hasMessageContaining(link.toString()).hasMessageContaining("a symbolic link");
        assertThatThrownBy(() -> FileGate.touch(link, FileTime.fromMillis(0))).isInstanceOf(RefusedFileException.class);
        assertThat(Files.getLastModifiedTime(target).toMillis()).isNotZero();
    }

    @Test
    void aDanglingLinkAtALockCreatesNothingWhereItPoints() throws Exception {
        Path target = dir.resolve("would-be-made");
        Path lock = Files.createSymbolicLink(dir.resolve(".gc.lock"), target);
        assertThatThrownBy(() -> FileGate.openLock(lock)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.SYMBOLIC_LINK));
        assertThat(target).doesNotExist();
    }

    @Test
    void aLockFileIsMadeWhenAbsentAndOpenedWhenThere() throws Exception {
        Path lock = dir.resolve(".gc.lock");
        FileGate.openLock(lock).close();
        assertThat(lock).isRegularFile();
        FileGate.openLock(lock).close();
    }

    @Test
    void aDirectoryIsRefusedAsAFileAndNeverDeletedAsOne() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        assertThatThrownBy(() -> FileGate.readBounded(d, 100)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.DIRECTORY));
        assertThatThrownBy(() -> FileGate.deleteFile(d)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.DIRECTORY));
        assertThat(d).isDirectory();
    }

    @Test
    void aFileOverItsKindsBoundIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path sparse = dir.resolve("sparse");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(1900L << 20);
        }
        assertThatThrownBy(() -> FileGate.readBounded(sparse, 256)).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.TOO_LARGE)).hasMessageContaining("at most 256");
    }

    @Test
    void aFileIsCreatedOnlyWhereNothingIsAndInARealDirectory() throws Exception {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Path linkedDirectory = Files.createSymbolicLink(dir.resolve("linked"), outside);
        assertThatThrownBy(() -> FileGate.writeNew(linkedDirectory.resolve("f"), new byte[1])).satisfies(
                t -> assertThat(refusal(t)).isEqualTo(RefusalKind.NOT_A_DIRECTORY));
        assertThat(outside).isEmptyDirectory();
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), outside.resolve("made"));
        assertThatThrownBy(() -> FileGate.writeNew(dangling, new byte[1])).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void aMissingFileIsNoSuchFileNotARefusal() {
        assertThatThrownBy(() -> FileGate.readBounded(dir.resolve("absent"), 10)).isInstanceOf(NoSuchFileException.class);
    }
    /**
     * The look a write makes at its directory reads the POSIX view outside a team's cache, which
     * has no setgid bit: the bit is read where it can matter (a group-writable directory), so
     * whether a new file is the group's is decided by the directory's own mode, exactly, whichever
     * view the look starts with; and one directory keeps one identity, another has another.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {0700, 0750, 0770, 02750, 02770, 0777})
    void aRealDirectorysLookReportsTheModeThatDecidesANewFilesMode(int mode) throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.setAttribute(d, "unix:mode", mode);
        for (boolean sharedLikely : new boolean[] {false, true}) {
            RealDirectory real = FileGate.realDirectoryOrNull(d, sharedLikely);
            assertThat(real.mode() & 0170777).isEqualTo(040000 | mode & 0777);
            if (sharedLikely || (mode & 020) != 0) {
                assertThat(real.mode()).as("the setgid bit read").isEqualTo(040000 | mode);
            }
            assertThat(GroupMode.sharedWithGroup(real.mode())).isEqualTo(mode == 02770);
            assertThat(real.identity()).isEqualTo(FileGate.realDirectoryOrNull(d, sharedLikely).identity())
                    .isNotEqualTo(FileGate.realDirectoryOrNull(other, sharedLikely).identity());
        }
    }

    @Test
    void aLinkToADirectoryOrAFileIsNoRealDirectory() throws Exception {
        Path d = Files.createDirectory(dir.resolve("d"));
        Files.setAttribute(d, "unix:mode", 02770);
        Path link = Files.createSymbolicLink(dir.resolve("link"), d);
        Path file = Files.writeString(dir.resolve("f"), "x");
        for (boolean sharedLikely : new boolean[] {false, true}) {
            assertThat(FileGate.realDirectoryOrNull(link, sharedLikely)).isNull();
            assertThat(FileGate.realDirectoryOrNull(file, sharedLikely)).isNull();
            assertThat(FileGate.realDirectoryOrNull(dir.resolve("absent"), sharedLikely)).isNull();
        }
    }
}
