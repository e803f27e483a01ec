package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The check before a DONE is believed ({@link DiskCache#isPresent}) finds a loose entry as well
 * as a packed one, and nothing for a key never stored or whose loose file is gone; the loose path
 * it looks at is made only when the listed packs do not hold the key.
 */
class EntryPresenceTest extends FunctionCacheFixture {

    @Test
    void aLooseEntryIsPresentBesideListedPacksThatDoNotHoldItAndGoneOnceItsFileIs() throws Exception {
        DiskCache writer = cache;
        EntryBatch batch = writer.batch();
        batch.add(key(1), 1.0, Duration.ofMillis(1), new byte[0], true);
        batch.publish();
        assertThat(writer.write(key(2), 2.0, Duration.ofMillis(1), true)).isTrue();
        DiskCache coordinator = open(function);
        assertThat(coordinator.read(key(1)).value()).as("listed: its pack").isEqualTo(1.0);

        assertThat(coordinator.isPresent(key(1))).as("packed").isTrue();
        assertThat(coordinator.isPresent(key(2))).as("loose").isTrue();
        assertThat(coordinator.isPresent(key(3))).as("never stored").isFalse();

        Files.delete(coordinator.entryPath(key(2)));
        assertThat(coordinator.isPresent(key(2))).as("its file removed").isFalse();
    }
}
