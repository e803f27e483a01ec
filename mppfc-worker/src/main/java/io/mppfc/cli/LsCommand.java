package io.mppfc.cli;

import io.mppfc.cache.CacheInventory;
import java.io.PrintWriter;
import java.nio.file.Path;
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
            for (CacheInventory.Entry e : CacheInventory.entries(root.function(function))) {
                out.printf("%s %10s %8s %s%n", e.key().hex(), Sizes.format(e.size()),
                        Progress.formatSeconds(CacheInventory.storedComputeTime(e.path()).toNanos() / 1e9),
                        e.modified().toString().substring(0, 19));
            }
        }
        out.flush();
        return 0;
    }
}
