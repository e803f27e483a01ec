package io.mppfc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.FailureRecords;
import io.mppfc.footprint.Footprint;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the failures recorded on disk; {@code clear} removes them. Listing changes nothing. */
@Command(name = "failures", mixinStandardHelpOptions = true,
        description = "List the failures recorded in a cache (arguments, kind, exception, host, time), per function "
                + "and code version; a failure whose arguments have since succeeded is not listed.",
        subcommands = FailuresCommand.Clear.class,
        footer = {"", "Examples:", "  mppfc failures --cache .cache", "  mppfc failures --cache .cache --function "
                + "com.acme.Physics::slow --json", "  mppfc failures clear --cache .cache --function com.acme.Physics::slow"})
final class FailuresCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Mixin
    FunctionFilterOption only;

    @Option(names = "--json", description = "One JSON object per failure and line, with its full stack trace.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long count = 0;
        for (Path dir : only.directories(root)) {
            String name = dir.getFileName().toString();
            List<FailureRecords.Failure> failures = new FailureRecords(dir).standing();
            failures.sort(Comparator.comparing(FailureRecords.Failure::at));
            for (FailureRecords.Failure f : failures) {
                count++;
                String arguments = Footprint.argumentsAsJson(f.arguments());
                if (json) {
                    ObjectNode line = ArgumentSource.JSON.createObjectNode();
                    line.put("function", CodeVersions.function(name));
                    String version = CodeVersions.version(name);
                    line.put("codeVersion", version.isEmpty() ? null : version);
                    line.put("key", f.key().hex());
                    line.putRawValue("arguments", new RawValue(arguments));
                    line.put("kind", f.kind().name());
                    line.put("exceptionClass", f.exceptionClass());
                    line.put("message", f.message());
                    line.put("host", f.host());
                    line.put("seconds", f.took().toNanos() / 1e9);
                    line.put("attempts", f.attempts());
                    line.put("at", f.at().toString());
                    line.put("stackTrace", f.stackTrace());
                    out.println(ArgumentSource.JSON.writeValueAsString(line));
                } else {
                    out.printf("%s %s %s: %s%s (%s, %s, %s)%n", name, arguments, f.kind().label(), f.exceptionClass(),
                            f.message() == null ? "" : ": " + f.message().lines().findFirst().orElse(""), f.host(),
                            f.at().toString().substring(0, 19), Progress.formatSeconds(f.took().toNanos() / 1e9));
                }
            }
        }
        if (!json) {
            out.println(count + " recorded failure" + (count == 1 ? "" : "s"));
        }
        out.flush();
        return 0;
    }

    /** Forgets recorded failures, so that skipKnownFailures and --skip-failed compute them again. */
    @Command(name = "clear", mixinStandardHelpOptions = true,
            description = "Remove the recorded failures (of every function, or of one); no result is touched.")
    static final class Clear implements Callable<Integer> {

        @Mixin
        CacheRootOption root;

        @Mixin
        FunctionFilterOption only;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            long removed = 0;
            for (Path dir : only.directories(root)) {
                removed += new FailureRecords(dir).clear();
            }
            spec.commandLine().getOut().println("removed " + removed + " failure record" + (removed == 1 ? "" : "s"));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
