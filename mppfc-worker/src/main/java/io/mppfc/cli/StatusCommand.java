package io.mppfc.cli;

import io.mppfc.cache.CacheInventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Per function: loose and packed entries, their bytes and the disk they occupy, stored computation time, quarantined entries, oldest and newest. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Summarize every function in a cache.",
        footer = {"", "Example:", "  mppfc status --cache .cache"})
final class StatusCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Path cache = root.existing();
        out.printf("%-50s %9s %9s %10s %10s %12s %11s  %-20s  %-20s%n", "function", "loose", "packed", "size", "on disk",
                "compute", "quarantined", "oldest", "newest");
        List<Path> functions = CacheInventory.functionDirectories(cache);
        List<CacheInventory.FunctionSummary> summaries = new ArrayList<>();
        try (Ticker ticker = Ticker.start(spec.commandLine().getErr(), "status")) {
            for (Path dir : functions) {
                ticker.at(dir.getFileName() + " (" + (summaries.size() + 1) + " of " + functions.size() + ")");
                summaries.add(CacheInventory.summarize(dir));
            }
        }
        for (CacheInventory.FunctionSummary s : summaries) {
            out.printf(Locale.ROOT, "%-50s %9d %9d %10s %10s %12s %11d  %-20s  %-20s%n", s.name(), s.looseEntries(),
                    s.packedEntries(), Sizes.format(s.bytes()), Sizes.format(s.diskBytes()),
                    Progress.formatSeconds(s.computeTime().toNanos() / 1e9), s.quarantined(),
                    s.oldest() == null ? "-" : s.oldest().toString().substring(0, 19),
                    s.newest() == null ? "-" : s.newest().toString().substring(0, 19));
        }
        out.flush();
        return 0;
    }
}
