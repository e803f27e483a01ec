package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.FunctionClearing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Deletes one function's cache, after asking. */
@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Delete every entry of one function (asks first unless --yes).",
        footer = {"", "Example:", "  mppfc clear --cache .cache --function com.acme.Physics.slow --yes"})
final class ClearCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Option(names = "--function", required = true, paramLabel = "NAME",
            description = "The function's directory name, or CLASS::METHOD.")
    String function;

    @Option(names = "--yes", description = "Do not ask.")
    boolean yes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        root.forChange();
        List<Path> dirs = root.functions(function);
        long entries = 0;
        long bytes = 0;
        for (Path dir : dirs) {
            CacheInventory.FunctionSummary s = CacheInventory.summarize(dir);
            entries += s.entries();
            bytes += s.bytes();
        }
        String what = function + (dirs.size() > 1 ? " (" + dirs.size() + " code versions)" : "");
        if (!yes && !confirmed(out, entries, bytes, what)) {
            out.println("nothing deleted");
            out.flush();
            return yes ? 0 : MppfcCli.USAGE;
        }
        FunctionClearing.removeLeftovers(root.existing()); // of clears interrupted before
        for (Path dir : dirs) {
            FunctionClearing.clear(dir); // its message says what failed and what to do
        }
        out.printf("deleted %s: %s, %s%n", Terminal.line(what), Words.count(entries, "entry"), Sizes.format(bytes));
        out.flush();
        return 0;
    }

    private static boolean confirmed(PrintWriter out, long entries, long bytes, String what) throws IOException {
        if (System.console() == null) {
            throw new UsageException("clear asks before it deletes, and there is no terminal to ask on: pass --yes");
        }
        out.printf("delete %s (%s) of %s? [y/N] ", Words.count(entries, "entry"), Sizes.format(bytes),
                Terminal.line(what));
        out.flush();
        String answer = new BufferedReader(new InputStreamReader(System.in, Charset.defaultCharset())).readLine();
        return answer != null && answer.trim().equalsIgnoreCase("y");
    }
}
