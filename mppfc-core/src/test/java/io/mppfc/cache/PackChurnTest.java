package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.PackChurn.Role;
import io.mppfc.cache.pack.PackGrace;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several processes on one cache at once: two readers, a writer (new keys, and overwrites of
 * existing ones with their same value), a packer and a collector. Every key written before they
 * start must be found by every read, with its value: no false miss and no wrong value while
 * packs are made and replaced.
 */
@Timeout(240)
class PackChurnTest {

    /** Without a grace period (a local file system) and with one (what a network file system gets). */
    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT1S"})
    void readersSeeNoFalseMissAndNoWrongValueWhileOthersWritePackAndCollect(String grace, @TempDir Path dir)
            throws Exception {
        int n = 500;
        Churn churn = Churn.seeded(dir, n, "-D" + PackGrace.PROPERTY + "=" + grace);
        churn.start(Role.READER, Role.READER, Role.WRITER, Role.PACKER, Role.COLLECTOR);
        Map<Role, Long> done = churn.finish(100);
        assertThat(done.get(Role.READER)).as("reads").isGreaterThan(1000);
        assertThat(done.get(Role.PACKER)).as("packs made").isGreaterThanOrEqualTo(PackChurn.PACKS);
        churn.assertVerifies();
        churn.assertReadsBack(0, n);
    }
}
