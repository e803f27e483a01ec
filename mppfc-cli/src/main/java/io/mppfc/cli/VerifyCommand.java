package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.DiskCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Checks every entry's checksum; damaged entries are moved to the function's quarantine folder. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every entry's format and checksum; move damaged ones to quarantine. Exit 1 if any.",
        footer = {"", "Example:", "  mppfc verify --cache .cache"})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Mixin
    FunctionFilterOption only;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        root.forChange(); // damaged entries are moved aside: only in a cache
        List<Path> functions = only.directories(root);
        long damaged = 0;
        int unreadable = 0;
        long checked = 0;
        List<CacheInventory.Finding> findings = new ArrayList<>();
        try (Ticker ticker = Ticker.start(spec.commandLine().getErr(), "verify")) {
            for (Path dir : functions) {
                ticker.at(Terminal.line(dir.getFileName().toString()) + " (" + (functions.indexOf(dir) + 1) + " of " + functions.size() + ")");
                findings.addAll(CacheInventory.verify(dir));
                // counted after the repair, the damaged added below: counting reads the packs, and a damaged
                // one read first would be warned about with advice to run verify, the command running
                checked += CacheInventory.count(dir);
            }
        }
        for (CacheInventory.Finding finding : findings) {
            if (finding.quarantined()) {
                out.println("DAMAGED " + Terminal.line(finding.path().toString()) + ": "
                        + Terminal.line(finding.problem()) + " (moved to "
                        + Terminal.line(finding.functionDirectory().resolve(DiskCache.QUARANTINE).toString()) + ")");
                damaged += finding.records();
            } else {
                out.println("UNREADABLE HERE " + Terminal.line(finding.path().toString()) + ": "
                        + Terminal.line(finding.problem()));
                unreadable++;
            }
        }
        out.printf("verified %s of %s: %d damaged%s%n", Words.count(checked + damaged, "entry"),
                Words.count(functions.size(), "function"), damaged,
                unreadable == 0 ? "" : ", " + unreadable + " unreadable here (a newer format)");
        out.flush();
        return damaged + unreadable > 0 ? MppfcCli.FAILED : 0;
    }
}
