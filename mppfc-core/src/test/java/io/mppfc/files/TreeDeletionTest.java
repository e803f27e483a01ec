package io.mppfc.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gate's deletion of trees and files, on real links, FIFOs, sockets and deep trees, and the link race. */
class TreeDeletionTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @RegisterExtension
    final Fifos fifos = new Fifos();

    private Path outsideWithFile() throws Exception {
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "user data");
        return outside;
    }

    @Test
    void aLinkToADirectoryOutsideIsDeletedAsALinkAndWhatItPointsToSurvives() throws Exception {
        Path outside = outsideWithFile();
        Path tree = Files.createDirectories(dir.resolve("tree/a"));
        Files.writeString(tree.resolve("entry"), "x");
        Files.createSymbolicLink(tree.resolve("link"), outside);

        FileGate.deleteTree(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("user data");
    }

    @Test
    void aTopThatIsALinkIsUnlinkedNotFollowed() throws Exception {
        Path outside = outsideWithFile();
        Path top = Files.createSymbolicLink(dir.resolve("top"), outside);

        FileGate.deleteTree(top);

        assertThat(Files.exists(top, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("precious")).hasContent("user data");
    }

    @Test
    void aDirectorySwappedForALinkBeforeItsOpenIsNotDescended() throws Exception {
        Path outside = outsideWithFile();
        Path victim = Files.createDirectories(dir.resolve("tree/victim"));
        Files.writeString(victim.resolve("entry"), "x");
        Path movedAway = dir.resolve("moved-away");
        List<Path> swapped = new ArrayList<>();

        TreeDeletion.deleteTree(dir.resolve("tree"), seen -> {
            if (seen.getFileName().toString().equals("victim")) {
                Files.move(seen, movedAway);
                Files.createSymbolicLink(seen, outside);
                swapped.add(seen);
            }
        });

        assertThat(swapped).hasSize(1);
        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside.resolve("precious")).hasContent("user data");
        assertThat(movedAway.resolve("entry")).hasContent("x");
    }

    @Test
    void aFifoInTheTreeIsUnlinkedWithoutBeingOpened() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree/sub"));
        fifos.make(tree.resolve("fifo"));

        assertTimeoutPreemptively(DEADLINE, () -> FileGate.deleteTree(dir.resolve("tree")));

        assertThat(dir.resolve("tree")).doesNotExist();
    }

    @Test
    void aSocketInTheTreeIsUnlinked() throws Exception {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(tree.resolve("socket")));

            FileGate.deleteTree(tree);
        }

        assertThat(tree).doesNotExist();
    }

    @Test
    void aTreeAtTheDepthBoundIsDeletedWhole() throws Exception {
        Path deepest = deepTree(TreeDeletion.MAX_DEPTH);
        Files.writeString(deepest.resolve("leaf"), "x");

        FileGate.deleteTree(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
    }

    @Test
    void aTreeDeeperThanTheBoundIsRefusedAndWhatLiesBelowIsLeft() throws Exception {
        Path deepest = deepTree(TreeDeletion.MAX_DEPTH + 5);
        Files.writeString(deepest.resolve("leaf"), "x");

        assertThatThrownBy(() -> FileGate.deleteTree(dir.resolve("tree"))).isInstanceOfSatisfying(
                RefusedFileException.class, e -> assertThat(e.kind()).isEqualTo(RefusalKind.TOO_DEEP));

        assertThat(deepest.resolve("leaf")).hasContent("x");
    }

    @Test
    void nothingAtTheTopIsNoError() throws Exception {
        FileGate.deleteTree(dir.resolve("absent"));

        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aLinkDeletedAsAFileLeavesWhatItPointsTo() throws Exception {
        Path outside = outsideWithFile();
        Path link = Files.createSymbolicLink(dir.resolve("link"), outside.resolve("precious"));

        assertThat(FileGate.deleteFile(link)).isTrue();

        assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(outside.resolve("precious")).hasContent("user data");
    }

    @Test
    void anEmptyDirectoryIsNeverDeletedAsAFile() throws Exception {
        Path planted = Files.createDirectory(dir.resolve("pack-1.used"));

        assertThatThrownBy(() -> FileGate.deleteFile(planted)).isInstanceOfSatisfying(
                RefusedFileException.class, e -> assertThat(e.kind()).isEqualTo(RefusalKind.DIRECTORY));

        assertThat(planted).isDirectory();
    }

    @Test
    void anEmptyDirectoryIsRemovedAsADirectory() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("0a"));

        assertThat(FileGate.deleteEmptyDirectory(empty)).isTrue();

        assertThat(empty).doesNotExist();
        assertThat(FileGate.deleteEmptyDirectory(empty)).as("nothing there").isFalse();
    }

    @Test
    void aDirectoryHoldingAnythingIsLeftByTheEmptyDirectoryRemoval() throws Exception {
        Path full = Files.createDirectory(dir.resolve("0b"));
        Files.writeString(full.resolve("entry"), "a result");

        assertThat(FileGate.deleteEmptyDirectory(full)).isFalse();

        assertThat(full.resolve("entry")).hasContent("a result");
    }

    @Test
    void aLinkOrAFileAtADirectorysNameIsLeftByTheEmptyDirectoryRemoval() throws Exception {
        Path emptyElsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Path link = Files.createSymbolicLink(dir.resolve("0c"), emptyElsewhere);
        Path file = Files.writeString(dir.resolve("0d"), "user data");

        assertThat(FileGate.deleteEmptyDirectory(link)).isFalse();
        assertThat(FileGate.deleteEmptyDirectory(file)).isFalse();

        assertThat(link).isSymbolicLink();
        assertThat(emptyElsewhere).isEmptyDirectory();
        assertThat(file).hasContent("user data");
    }

    /** {@code tree/d/d/...} with {@code levels} directories below {@code tree}; the deepest. */
    private Path deepTree(int levels) throws Exception {
        Path p = dir.resolve("tree");
        for (int i = 0; i < levels; i++) {
            p = p.resolve("d");
        }
        return Files.createDirectories(p);
    }
}
