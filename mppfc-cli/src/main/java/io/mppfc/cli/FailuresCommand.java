package io.mppfc.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.failure.FailureRecords;
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
        PrintWriter err = spec.commandLine().getErr();
        long count = 0;
        for (Path dir : only.directories(root)) {
            String name = dir.getFileName().toString();
            FailureRecords records = new FailureRecords(dir, true);
            List<FailureRecords.Failure> failures = records.standing();
            failures.sort(Comparator.comparing(FailureRecords.Failure::at));
            for (FailureRecords.Failure f : failures) {
                String arguments;
                try {
                    arguments = Footprint.argumentsAsJson(f.arguments());
                } catch (RuntimeException e) { // checksummed, yet not arguments: name it, list the rest
                    err.println("mppfc failures: " + Terminal.line(dir.resolve("failures").resolve(f.key().hex())
                            .toString()) + ": its arguments cannot be read (" + Terminal.line(e.getMessage())
                            + "); not listed (`mppfc failures clear` removes the records of a function)");
                    continue;
                }
                count++;
                if (json) {
                    out.println(json(name, f, arguments));
                } else {
                    out.printf("%s %s %s: %s%s (%s, %s, %s)%n", Terminal.line(name), Terminal.line(arguments),
                            f.kind().label(), Terminal.line(f.exceptionClass()),
                            f.message() == null ? "" : ": " + Terminal.line(f.message()), Terminal.line(f.host()),
                            f.at().toString().substring(0, 19), Progress.formatSeconds(f.took().toNanos() / 1e9));
                }
            }
            long unreadable = records.count() - records.all().size();
            if (unreadable > 0) {
                err.println("mppfc failures: " + Words.count(unreadable, "damaged failure record") + " of "
                        + Terminal.line(name) + " not listed (`mppfc verify` sets them aside)");
            }
        }
        if (!json) {
            out.println(Words.count(count, "recorded failure"));
        }
        out.flush();
        err.flush();
        return 0;
    }

    private static String json(String name, FailureRecords.Failure f, String arguments)
            throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode line = ArgumentSource.JSON.createObjectNode();
        line.put("function", CodeVersions.function(name));
        String version = CodeVersions.version(name);
        line.put("codeVersion", version.isEmpty() ? null : version);
        line.put("key", f.key().hex());
        line.putRawValue("arguments", new RawValue(arguments));
        line.put("kind", f.kind().name());
        line.put("exceptionClass", f.exceptionClass());
        line.put("message", f.message());
        line.put("host", f.host().startsWith("host ") ? f.host().substring("host ".length()) : f.host());
        line.put("seconds", f.took().toNanos() / 1e9);
        line.put("attempts", f.attempts());
        line.put("at", f.at().toString());
        line.put("stackTrace", f.stackTrace());
        return ArgumentSource.JSON.writeValueAsString(line);
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
                try {
                    removed += new FailureRecords(dir).clear();
                } catch (java.io.IOException e) {
                    // the file system names a record by its name alone: said here of its function's directory
                    throw new IllegalStateException("cannot remove the failure records in " + dir.resolve("failures")
                            + ": " + IoProblems.describe(e) + (removed == 0 ? "" : "; " + Words.count(removed,
                                    "failure record") + " of other functions were removed"), e);
                }
            }
            spec.commandLine().getOut().println("removed " + Words.count(removed, "failure record"));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
