package io.mppfc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MinimalTest {

    @Test
    void firstRunComputesInTheBackgroundAndSecondRunFindsEverythingOnDisk(@TempDir Path dir) throws Exception {
        ExampleProcess.Result first = ExampleProcess.run(Minimal.class, dir, dir.resolve("cache").toString());
        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).contains("slowFunction(3) = null").contains("0 of 10 from the cache, 10 computed by workers, 0 failed");

        ExampleProcess.Result second = ExampleProcess.run(Minimal.class, dir, dir.resolve("cache").toString());
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).contains("slowFunction(9) = 81.0").contains("10 of 10 from the cache, 0 computed by workers, 0 failed");
    }
}
