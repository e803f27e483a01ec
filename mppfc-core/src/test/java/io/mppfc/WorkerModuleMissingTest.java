package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mppfc-core's own tests run without mppfc-worker: exactly the mistake this message is for. */
class WorkerModuleMissingTest {

    static double twice(double x) {
        return 2 * x;
    }

    @Test
    void startWorkersNamesTheDependencyToAdd(@TempDir Path root) {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(WorkerModuleMissingTest::twice).path(root).build()) {
            assertThatThrownBy(() -> f.startWorkers(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("io.mppfc.worker.WorkerMain").hasMessageContaining("io.mppfc:mppfc-worker");
            assertThat(f.apply(2.0)).isEqualTo(4.0);
            assertThat(f.status().workers()).isZero();
        }
    }
}
