package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.NotACacheException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cache root and its function directories say they are mppfc's; maintenance refuses anything else. */
class CacheMarkerTest {

    @TempDir
    Path dir;

    static int square(int x) {
        return x * x;
    }

    private static List<Path> tree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.sorted().toList();
        }
    }

    private Path projectWithSources() throws Exception {
        Path project = dir.resolve("project");
        Files.createDirectories(project.resolve("src/main"));
        Files.writeString(project.resolve("src/main/App.java"), "class App {}");
        Files.writeString(project.resolve("README.md"), "mine");
        return project;
    }

    @Test
    void buildMarksTheCacheRootAndWritesNoCachedirTagByDefault() throws Exception {
        Path root = dir.resolve("c");
        try (var f = Mppfc.cache(CacheMarkerTest::square).path(root).build()) {
            f.apply(3);
        }
        assertThat(Files.readString(root.resolve(CacheMarker.FILE))).startsWith("mppfc cache root 1\n");
        assertThat(root.resolve(CacheMarker.CACHEDIR_TAG)).doesNotExist();
        assertThat(CacheMarker.isRoot(root)).isTrue();
    }

    @Test
    void cacheDirTagWritesTheStandardTag() throws Exception {
        Path root = dir.resolve("c");
        Mppfc.cache(CacheMarkerTest::square).path(root).cacheDirTag(true).build().close();
        assertThat(Files.readString(root.resolve(CacheMarker.CACHEDIR_TAG)))
                .startsWith("Signature: 8a477f597d28d172789f06886806bc55");
    }

    @Test
    void aReadOnlyBuildMarksNothing() throws Exception {
        Path root = dir.resolve("c");
        Mppfc.cache(CacheMarkerTest::square).path(root).build().close();
        Files.delete(root.resolve(CacheMarker.FILE));
        List<Path> before = tree(root);
        Mppfc.cache(CacheMarkerTest::square).path(root).readOnly(true).build().close();
        assertThat(tree(root)).isEqualTo(before);
    }

    @Test
    void aCacheOfAnEarlierVersionIsKnownByItsLayoutFilesAndMarkedOnFirstWrite() throws Exception {
        Path root = dir.resolve("c");
        Mppfc.cache(CacheMarkerTest::square).path(root).build().close();
        Files.delete(root.resolve(CacheMarker.FILE)); // as mppfc 0.2 left it
        assertThat(CacheMarker.isRoot(root)).isTrue();
        assertThat(root.resolve(CacheMarker.FILE)).doesNotExist();
        try (var f = Mppfc.cache(CacheMarkerTest::square).path(root).build()) {
            f.apply(4);
        }
        assertThat(root.resolve(CacheMarker.FILE)).isRegularFile();
    }

    @Test
    void aDirectoryOfTheUsersIsNotACacheRootNorAreItsDirectoriesFunctions() throws Exception {
        Path project = projectWithSources();
        assertThat(CacheMarker.isRoot(project)).isFalse();
        assertThat(CacheMarker.isFunctionDirectory(project.resolve("src"))).isFalse();
        assertThat(CacheInventory.functionDirectories(project)).isEmpty();
    }

    @Test
    void packCollectAndUpgradeRefuseADirectoryThatIsNotACacheAndCreateNothing() throws Exception {
        Path project = projectWithSources();
        List<Path> before = tree(project);
        assertThatThrownBy(() -> CacheInventory.pack(project, null)).isInstanceOf(NotACacheException.class)
                .hasMessageContaining("is not an mppfc cache");
        assertThatThrownBy(() -> CacheInventory.collect(project, 0, null)).isInstanceOf(NotACacheException.class);
        assertThatThrownBy(() -> CacheInventory.upgrade(project)).isInstanceOf(NotACacheException.class);
        assertThatThrownBy(() -> CacheInventory.verify(project.resolve("src"))).isInstanceOf(NotACacheException.class)
                .hasMessageContaining("is not a function directory");
        assertThat(tree(project)).isEqualTo(before);
    }

    @Test
    void aFifoOrALinkAtTheMarkersPlaceIsRefusedWithoutBeingOpened() throws Exception {
        Path project = projectWithSources();
        Process mkfifo = new ProcessBuilder("mkfifo", project.resolve(CacheMarker.FILE).toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        assertThatThrownBy(() -> CacheMarker.requireRoot(project)).isInstanceOf(NotACacheException.class)
                .hasMessageContaining("not a small regular file");
        Path other = projectWithSourcesIn("other");
        Files.createSymbolicLink(other.resolve(CacheMarker.FILE), project.resolve("README.md"));
        assertThatThrownBy(() -> CacheMarker.requireRoot(other)).isInstanceOf(NotACacheException.class);
        CacheMarker.markRoot(other);
        assertThat(Files.isSymbolicLink(other.resolve(CacheMarker.FILE))).as("left as it is").isTrue();
        assertThat(project.resolve("README.md")).hasContent("mine");
    }

    private Path projectWithSourcesIn(String name) throws Exception {
        Path project = dir.resolve(name);
        Files.createDirectories(project.resolve("src"));
        return project;
    }

    @Test
    void aFileNamedLikeTheMarkerThatIsNotMppfcsIsRefusedAndLeftAsItIs() throws Exception {
        Path project = projectWithSources();
        Files.writeString(project.resolve(CacheMarker.FILE), "my notes\n");
        assertThatThrownBy(() -> CacheMarker.requireRoot(project)).isInstanceOf(NotACacheException.class)
                .hasMessageContaining("is not mppfc's marker");
        assertThat(Files.readString(project.resolve(CacheMarker.FILE))).isEqualTo("my notes\n");
    }
}
