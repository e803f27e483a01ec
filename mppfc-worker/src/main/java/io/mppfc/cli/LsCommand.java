package io.mppfc.cli;

import io.mppfc.cache.CacheInventory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the functions of a cache, or the entries of one. */
@Command(name = "ls", mixinStandardHelpOptions = true, description = "List the functions of a cache, or one function's entries.",
        footer = {"", "Examples:", "  mppfc ls --cache .cache", "  mppfc ls --cache .cache --function com.acme.Physics.slow"})
final class LsCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Option(names = "--function", paramLabel = "NAME", description = "A function's directory name, or CLASS::METHOD.")
    String function;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (function == null) {
            for (Path dir : CacheInventory.functionDirectories(root.existing())) {
                out.println(dir.getFileName());
            }
        } else {
            Path dir = root.function(function);
            List<CacheInventory.Entry> entries = new ArrayList<>(CacheInventory.entries(dir));
            entries.addAll(CacheInventory.packedEntries(dir));
            for (CacheInventory.Entry e : entries) {
                out.printf("%s %10s %8s %s %s%n", e.key().hex(), Sizes.format(e.size()),
                        Progress.formatSeconds(CacheInventory.storedComputeTime(e).toNanos() / 1e9),
                        e.modified().toString().substring(0, 19), e.packed() ? "packed" : "loose");
            }
        }
        out.flush();
        return 0;
    }
}
