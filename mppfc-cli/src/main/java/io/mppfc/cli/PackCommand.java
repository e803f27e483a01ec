package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Gathers small loose entries into immutable packs; safe while workers read and write. */
@Command(name = "pack", mixinStandardHelpOptions = true,
        description = "Gather each function's small entries (up to 64 KiB) into one pack file, so a million "
                + "results cost a few files instead of a million. Safe while other processes read and write: "
                + "every entry stays readable throughout. mppfc gc packs too.",
        footer = {"", "Examples:", "  mppfc pack --cache .cache", "  mppfc pack --cache .cache --function com.acme.Physics::slow"})
final class PackCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Mixin
    FunctionFilterOption only;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> selected = only.selected(root);
        List<CacheInventory.PackResult> results;
        try (Ticker ticker = Ticker.start(spec.commandLine().getErr(), "pack")) {
            ticker.at(selected == null ? "every function" : only.function);
            results = CacheInventory.pack(root.forChange(), selected);
        }
        for (CacheInventory.PackResult r : results) {
            if (r.packsWritten() == 0) {
                out.printf("%s: nothing to pack%n", Terminal.line(r.function()));
            } else {
                out.printf("%s: %s in %s (%s gathered, %s replaced%s)%n", Terminal.line(r.function()),
                        Words.count(r.records(), "entry"), Words.count(r.packsWritten(), "pack"),
                        Words.count(r.removedLoose(), "loose file"), Words.count(r.packsReplaced(), "pack"),
                        r.quarantined() == 0 ? "" : ", " + r.quarantined() + " damaged moved aside");
            }
        }
        out.flush();
        return 0;
    }
}
