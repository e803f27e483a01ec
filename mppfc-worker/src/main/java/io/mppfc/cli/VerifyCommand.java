package io.mppfc.cli;

import io.mppfc.cache.CacheInventory;
import io.mppfc.cache.DiskCache;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks every entry's checksum; damaged entries are moved to the function's quarantine folder. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every entry's format and checksum; move damaged ones to quarantine. Exit 1 if any.",
        footer = {"", "Example:", "  mppfc verify --cache .cache"})
final class VerifyCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Option(names = "--function", paramLabel = "NAME", description = "Only this function (directory name or CLASS::METHOD).")
    String function;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> functions = function == null ? CacheInventory.functionDirectories(root.existing())
                : List.of(root.function(function));
        int bad = 0;
        long checked = 0;
        for (Path dir : functions) {
            checked += CacheInventory.entries(dir).size();
            for (String failure : CacheInventory.verify(dir)) {
                out.println("DAMAGED " + failure + " (moved to " + dir.resolve(DiskCache.QUARANTINE) + ")");
                bad++;
            }
        }
        out.printf("verified %d entries of %d functions: %d damaged%n", checked, functions.size(), bad);
        out.flush();
        return bad > 0 ? MppfcCli.FAILED : 0;
    }
}
