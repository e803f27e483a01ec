package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Converts caches written by mppfc 0.1 to the current layout, in place. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Convert the functions of a cache written by mppfc 0.1 (a directory per entry) to the current "
                + "layout, in place, by renaming files: nothing is recomputed. Stop the programs using the cache first; "
                + "if it is interrupted, run it again.",
        footer = {"", "Example:", "  mppfc upgrade --cache .cache"})
final class UpgradeCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Long> moved = CacheInventory.upgrade(root.forChange());
        for (Map.Entry<String, Long> e : moved.entrySet()) {
            out.printf("%s: %s moved to the current layout%n", Terminal.line(e.getKey()), Words.count(e.getValue(),
                    "entry"));
        }
        out.printf(moved.isEmpty() ? "nothing to upgrade: every function is in the current layout%n"
                : "upgraded %s%n", Words.count(moved.size(), "function"));
        if (!moved.isEmpty()) {
            out.println("mppfc 0.1 did not record which code computed these results: they are kept as each "
                    + "function's untracked version, which a program reads with trackCode(false) (the CLI with "
                    + "--no-code-tracking); with code tracking on, a run computes its code version's results anew");
        }
        out.flush();
        return 0;
    }
}
