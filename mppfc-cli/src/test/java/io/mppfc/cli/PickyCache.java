package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Path;

/** The cache {@code c} of {@code Grid::picky} that the command tests look at, filled by the library. */
final class PickyCache {

    private PickyCache() {
    }

    /**
     * Stores the results of {@code from} to {@code to - 1} in {@code dir/c}.
     *
     * @return the function's directory, absolute
     */
    static Path fill(Path dir, int from, int to) {
        try (MultiProcCachedFunction1<Integer, Integer> picky = Mppfc.cache(Grid::picky).path(dir.resolve("c")).build()) {
            for (int i = from; i < to; i++) {
                picky.apply(i);
            }
            return picky.cacheDir().toAbsolutePath();
        }
    }

    /**
     * Twenty results in {@code dir/c}, packed by {@code mppfc pack} into one pack.
     *
     * @return the function's directory, absolute
     */
    static Path packed(Path dir) throws Exception {
        Path function = fill(dir, 0, 20);
        assertThat(CliProcess.run(dir, "pack", "--cache", "c").exitCode()).isZero();
        return function;
    }
}
