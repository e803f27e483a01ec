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
        StartedSlot.Made made = StartedSlot.create("0a1b2c3d4e5f");
        try {
            assertThat(made.lastStarted()).as("none started yet").isZero();
            StartedSlot slot = StartedSlot.open(made.path().toString(), "0a1b2c3d4e5f");
            assertThat(slot).isNotNull();
            assertThat(slot.map()).isTrue();
            slot.started(41);
            slot.started(42);
            assertThat(made.lastStarted()).isEqualTo(42);
        } finally {
            made.remove();
        }
    }

    @Test
    void theWorkerRemovesTheNameOnceOpenedSoAKilledCoordinatorLeavesNothing() throws Exception {
        StartedSlot.Made made = StartedSlot.create("0a1b2c3d4e5f");
        assertThat(made.path()).exists();
        StartedSlot slot = StartedSlot.open(made.path().toString(), "0a1b2c3d4e5f");
        assertThat(made.path()).as("removed by the worker that opened it").doesNotExist();
        assertThat(slot.map()).isTrue();
        slot.started(7);
        assertThat(made.lastStarted()).as("still shared through the file the coordinator holds open").isEqualTo(7);
        made.remove();
    }

    @Test
    void aWorkersSlotIsMappedOnlyWhenAskedAndTheCoordinatorReadsNoneStartedUntilThen() throws Exception {
        StartedSlot.Made made = StartedSlot.create("0a1b2c3d4e5f", dir);
        try {
            StartedSlot slot = StartedSlot.open(made.path().toString(), "0a1b2c3d4e5f");
            assertThat(slot.mapped()).as("opened, not mapped: a start pays for no first mapping").isFalse();
            assertThat(made.lastStarted()).isZero();
            assertThat(slot.map()).isTrue();
            assertThat(slot.map()).as("mapped once").isTrue();
            assertThat(slot.mapped()).isTrue();
            slot.started(12);
            assertThat(made.lastStarted()).isEqualTo(12);
        } finally {
            made.remove();
        }
    }

    @Test
    void theCoordinatorsSideIsAnOpenFileThatRemoveCloses() throws Exception {
        StartedSlot.Made made = StartedSlot.create("0a1b2c3d4e5f", dir);
        assertThat(made.channel().isOpen()).isTrue();
        made.remove();
        assertThat(made.channel().isOpen()).as("a descriptor per live worker, no more").isFalse();
        assertThat(made.path()).doesNotExist();
        assertThat(made.lastStarted()).as("read after its end: none").isZero();
    }

    @Test
    void aSlotMadeInAGivenDirectoryIsMadeThereAndWorksAsOneInTheTempDirectory() throws Exception {
        StartedSlot.Made made = StartedSlot.create("0a1b2c3d4e5f", dir);
        assertThat(made.path().getParent()).isEqualTo(dir);
        StartedSlot slot = StartedSlot.open(made.path().toString(), "0a1b2c3d4e5f");
        assertThat(slot.map()).isTrue();
        slot.started(9);
        assertThat(made.path()).as("removed by the worker that opened it").doesNotExist();
        assertThat(made.lastStarted()).isEqualTo(9);
        made.remove();
    }

    @Test
    void aWorkerDoesNotUseAFileThatIsNotItsCoordinators() throws Exception {
        StartedSlot.Made other = StartedSlot.create("ffffffffffff");
        try {
            assertThat(StartedSlot.open(other.path().toString(), "0a1b2c3d4e5f")).as("another worker's slot").isNull();
            assertThat(other.path()).as("another worker's slot is left where it is").exists();
            assertThat(StartedSlot.open(dir.resolve("absent").toString(), "0a1b2c3d4e5f")).as("no file here").isNull();
            Path empty = Files.createFile(dir.resolve("empty"));
            assertThat(StartedSlot.open(empty.toString(), "0a1b2c3d4e5f")).as("not a slot").isNull();
            assertThat(empty).as("not a slot: left where it is").exists();
            assertThat(StartedSlot.open("", "0a1b2c3d4e5f")).as("none given").isNull();
        } finally {
            other.remove();
        }
    }

    @Test
    void aSlotWhoseTagIsNotTheWorkersReadsAsNoneStarted() throws Exception {
        StartedSlot.Made made = StartedSlot.create("0a1b2c3d4e5f");
        StartedSlot.Made misread = new StartedSlot.Made(made.path(), "ffffffffffff", made.channel());
        StartedSlot slot = StartedSlot.open(made.path().toString(), "0a1b2c3d4e5f");
        assertThat(slot.map()).isTrue();
        slot.started(7);
        assertThat(misread.lastStarted()).isZero();
        made.remove();
    }
}
