package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartedSlotTest {

    @TempDir
    Path dir;

    @Test
    void theCoordinatorReadsTheIdTheWorkerStoredLast() throws Exception {
        Path file = StartedSlot.create("0a1b2c3d4e5f");
        try {
            assertThat(StartedSlot.lastStarted(file, "0a1b2c3d4e5f")).as("none started yet").isZero();
            StartedSlot slot = StartedSlot.open(file.toString(), "0a1b2c3d4e5f");
            assertThat(slot).isNotNull();
            slot.started(41);
            slot.started(42);
            assertThat(StartedSlot.lastStarted(file, "0a1b2c3d4e5f")).isEqualTo(42);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void aWorkerDoesNotUseAFileThatIsNotItsCoordinators() throws Exception {
        Path other = StartedSlot.create("ffffffffffff");
        try {
            assertThat(StartedSlot.open(other.toString(), "0a1b2c3d4e5f")).as("another worker's slot").isNull();
            assertThat(StartedSlot.open(dir.resolve("absent").toString(), "0a1b2c3d4e5f")).as("no file here").isNull();
            Path empty = Files.createFile(dir.resolve("empty"));
            assertThat(StartedSlot.open(empty.toString(), "0a1b2c3d4e5f")).as("not a slot").isNull();
            assertThat(StartedSlot.open("", "0a1b2c3d4e5f")).as("none given").isNull();
        } finally {
            Files.deleteIfExists(other);
        }
    }

    @Test
    void aSlotOfAnotherTagReadsAsNoneStarted() throws Exception {
        Path file = StartedSlot.create("0a1b2c3d4e5f");
        try {
            StartedSlot.open(file.toString(), "0a1b2c3d4e5f").started(7);
            assertThat(StartedSlot.lastStarted(file, "ffffffffffff")).isZero();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
