package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SharedDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void theCoordinatorsOwnDirectoryPasses() throws Exception {
        Files.createFile(dir.resolve(".share-00ff"));
        assertThatCode(() -> SharedDirectory.check(dir, ".share-00ff")).doesNotThrowAnyException();
    }

    @Test
    void aDirectoryOfTheSameNameOnAnotherDiskIsRefusedNotWrittenInto() {
        assertThatThrownBy(() -> SharedDirectory.check(dir, ".share-00ff"))
                .hasMessageContaining("the cache directory " + dir + " on host ")
                .hasMessageContaining("is not the coordinator's (the file .share-00ff it made there is missing)")
                .hasMessageContaining("set remoteCachePath");
    }

    @Test
    void aMissingDirectoryIsRefusedAndNotCreated() {
        Path missing = dir.resolve("cache").resolve("f");
        assertThatThrownBy(() -> SharedDirectory.check(missing, ".share-00ff"))
                .hasMessageContaining("the cache directory " + missing + " does not exist on host ")
                .hasMessageContaining("mount it there, or set remoteCachePath");
        assertThat(missing.getParent()).doesNotExist();
    }
}
