package io.mppfc.cli;

import io.mppfc.Fn1;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cli.fixtures.Grid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A prewarm of {@code Grid.placement} (whose value says where it ran) over SSH hosts, for the
 * tests whose hosts see less than this machine: the command, and every value read back from the
 * coordinator's cache.
 */
final class PlacementRun {

    private PlacementRun() {
    }

    /**
     * {@code mppfc prewarm} of arguments 1 to {@code tasks} into {@code cache}, on {@code hosts}
     * with two workers, shipped jars going to {@code jarDirectory}; without the login options.
     */
    static List<String> prewarm(Path dir, int tasks, Path cache, List<IsolatedSshd> hosts, Path jarDirectory)
            throws IOException {
        List<String> lines = new ArrayList<>();
        for (int n = 1; n <= tasks; n++) {
            lines.add("[" + n + "]");
        }
        Path args = Files.write(dir.resolve("args.jsonl"), lines);
        return new ArrayList<>(List.of("prewarm", "--function", Grid.class.getName() + "::placement",
                "--classpath", CliProcess.FIXTURES, "--args", args.toString(), "--cache", cache.toString(),
                "--launcher", "ssh", "--hosts", String.join(",", hosts.stream().map(IsolatedSshd::host).toList()),
                "--workers", "2", "--remote-jar-dir", jarDirectory.toString()));
    }

    /** Every task's value, read from the coordinator's cache: where it ran. */
    static List<String> values(Path cache, int tasks) {
        MultiProcCachedFunction1<Integer, String> placement = Mppfc.cache((Fn1<Integer, String>) Grid::placement)
                .path(cache).build();
        List<String> where = new ArrayList<>();
        for (int n = 1; n <= tasks; n++) {
            where.add(placement.cacheOnly(n));
        }
        return where;
    }
}
