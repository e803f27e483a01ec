package io.mppfc.cli;

import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedInventory;
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
        footer = {"", "Each entry: its key, size, computation time, when it was last used, loose or packed, and the "
                + "arguments it was computed from (JSON; \"-\" for entries of mppfc 0.1 or arguments over 64 KiB). "
                + "A line of --json is accepted back by mppfc get --args and, in a file, by mppfc prewarm --args. "
                + "With --shared, also how many results the bucket holds of the function and code version listed, "
                + "and, without --function, the functions only the bucket holds (on stderr with --json); nothing is "
                + "read into the cache, and nothing is written to the bucket.",
            "", "Examples:", "  mppfc ls --cache .cache", "  mppfc ls --cache .cache --function com.acme.Physics.slow",
            "  mppfc ls --function com.acme.Physics::slow --json | jq .arguments",
            "  mppfc ls --cache .cache --shared s3://team-bucket/scan"})
final class LsCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Option(names = "--function", paramLabel = "NAME", description = "A function's directory name, or CLASS::METHOD.")
    String function;

    @Option(names = "--json", description = "One JSON object per entry and line (key, arguments, size, "
            + "computeSeconds, lastUsed, packed, codeVersion), for scripts.")
    boolean json;

    @Mixin
    SharedOptions shared;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<SharedInventory.Summary> remote = remote();
        if (function == null) {
            java.util.Set<String> local = new java.util.LinkedHashSet<>();
            CacheInventory.functionDirectories(root.existing())
                    .forEach(dir -> local.add(CodeVersions.function(dir.getFileName().toString())));
            local.forEach(name -> out.println(Terminal.line(name, Integer.MAX_VALUE)));
            if (remote != null) {
                remote.stream().map(SharedInventory.Summary::function).distinct().filter(f -> !local.contains(f))
                        .forEach(name -> out.println(Terminal.line(name, Integer.MAX_VALUE) + "  (only in the shared store)"));
            }
        } else {
            for (Path dir : root.functions(function)) {
                list(out, dir);
                if (remote != null) {
                    sayShared(json ? spec.commandLine().getErr() : out, dir.getFileName().toString(), remote);
                }
            }
        }
        out.flush();
        return 0;
    }

    /** What the shared store holds, or null without {@code --shared}. */
    private List<SharedInventory.Summary> remote() throws java.io.IOException {
        try (SharedOptions.Opened opened = shared.open()) {
            return opened.store() == null ? null : SharedInventory.summarize(opened.store());
        }
    }

    /** One line: what the shared store holds of this function directory (its function and code version). */
    private void sayShared(PrintWriter to, String directory, List<SharedInventory.Summary> remote) {
        SharedInventory.Summary s = remote.stream().filter(r -> r.directory().equals(directory)).findFirst().orElse(null);
        String where = "the shared store " + Terminal.line(shared.where());
        if (s == null) {
            to.println("# " + where + " holds no results of this function and code version");
        } else {
            to.println("# " + where + " holds " + Words.count(s.looseEntries() + s.packedEntries(), "result") + " of this "
                    + "function and code version (" + s.looseEntries() + " loose, " + s.packedEntries() + " packed, "
                    + Sizes.format(s.bytes()) + "); mppfc pull fetches what this cache lacks");
        }
        to.flush();
    }

    private void list(PrintWriter out, Path dir) throws java.io.IOException {
        String version = CodeVersions.version(dir.getFileName().toString());
        List<CacheInventory.Entry> entries = new ArrayList<>(CacheInventory.entries(dir));
        entries.addAll(CacheInventory.packedEntries(dir));
        for (CacheInventory.Entry e : entries) {
            String arguments = CacheInventory.arguments(e);
            double seconds = CacheInventory.storedComputeTime(e).toNanos() / 1e9;
            if (json) {
                out.printf(java.util.Locale.ROOT, "{\"key\": \"%s\", \"arguments\": %s, \"size\": %d, "
                        + "\"computeSeconds\": %.6f, \"lastUsed\": \"%s\", \"packed\": %b, \"codeVersion\": %s}%n",
                        e.key().hex(), arguments == null ? "null" : arguments, e.size(), seconds, e.modified(),
                        e.packed(), version.isEmpty() ? "null" : "\"" + version + "\"");
            } else {
                out.printf("%s %10s %8s %s %-6s %s%n", e.key().hex(), Sizes.format(e.size()),
                        Progress.formatSeconds(seconds), e.modified().toString().substring(0, 19),
                        e.packed() ? "packed" : "loose", arguments == null ? "-" : Terminal.line(arguments, Integer.MAX_VALUE));
            }
        }
    }
}
