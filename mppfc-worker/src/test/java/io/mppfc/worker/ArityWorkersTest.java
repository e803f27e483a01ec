package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction4;
import io.mppfc.MultiProcCachedFunction5;
import io.mppfc.MultiProcCachedFunction6;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Functions of 4, 5 and 6 arguments computed in worker JVMs: apply (null, then the value) and submit. */
@Timeout(120)
class ArityWorkersTest {

    @TempDir
    Path root;

    @Test
    void fourFiveAndSixArgumentsReachTheWorkerInOrder() throws Exception {
        try (MultiProcCachedFunction4<String, Integer, Long, Double, String> f4 = Mppfc.cache(TestFunctions::four)
                .path(root).build();
                MultiProcCachedFunction5<String, Integer, Long, Double, Character, String> f5 =
                        Mppfc.cache(TestFunctions::five).path(root).build();
                MultiProcCachedFunction6<String, Integer, Long, Double, Character, Boolean, String> f6 =
                        Mppfc.cache(TestFunctions::six).path(root).build()) {
            f4.startWorkers(1);
            f5.startWorkers(1);
            f6.startWorkers(1);
            assertThat(f4.apply("a", 1, 2L, 3.0)).as("queued: null until a worker stored it").isNull();
            assertThat(f5.submit("a", 1, 2L, 3.0, 'x').get(60, TimeUnit.SECONDS)).isEqualTo("a123.0x");
            assertThat(f6.submit("a", 1, 2L, 3.0, 'x', true).get(60, TimeUnit.SECONDS)).isEqualTo("a123.0xtrue");
            f4.awaitAll();
            f5.awaitAll();
            f6.awaitAll();
            assertThat(f4.apply("a", 1, 2L, 3.0)).isEqualTo("a123.0");
            assertThat(f4.cacheOnly("a", 1, 2L, 3.0)).isEqualTo("a123.0");
            assertThat(f6.hasKey("a", 1, 2L, 3.0, 'x', false)).isFalse();
        }
    }
}
