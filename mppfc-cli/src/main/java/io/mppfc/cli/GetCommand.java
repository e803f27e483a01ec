package io.mppfc.cli;

import io.mppfc.CacheMissException;
import io.mppfc.MultiProcCachedFunctionN;
import io.mppfc.cache.CodeVersions;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints one cached value. */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Print the cached value for some arguments (exit 1 if not cached).",
        footer = {"", "Example:", "  mppfc get --function com.acme.Physics::slow --classpath app.jar \\",
                "      --args '[1.5, 3]'",
                "", "Never changes the cache: a damaged entry is reported, not moved (mppfc verify moves it).",
                "With --shared, a value not cached here is read from the bucket, checked, and printed; it is not "
                        + "stored here.",
                "", ArgumentSource.JSON_HELP})
final class GetCommand implements Callable<Integer> {

    @Mixin
    FunctionOptions function;

    @Mixin
    SharedOptions sharedOptions;

    @Option(names = "--args", required = true, paramLabel = "JSON", description = "The arguments as a JSON array.")
    String arguments;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ArgumentSource.Line line = JsonLines.parse(1, arguments, "--args");
        List<Method> candidates = ResolvedFunction.candidates(function.function, function.loader());
        ResolvedFunction resolved = ArgumentSource.choose(candidates, List.of(line));
        Object[] tuple = ArgumentSource.convert(resolved, line, "--args ");
        try (SharedOptions.Opened shared = sharedOptions.open();
                MultiProcCachedFunctionN<Object> f = withShared(readableCache(resolved), shared).build()) {
            LsJsonLines.check(line, resolved, function.keyVersion, tuple, f.cacheDir(), "--args ");
            Object value;
            try {
                value = f.cacheOnly(tuple);
            } catch (CacheMissException miss) {
                spec.commandLine().getErr().println("mppfc get: " + Terminal.line(miss.getMessage()
                        + failedBefore(f.cacheDir(), resolved, tuple), Integer.MAX_VALUE));
                return MppfcCli.FAILED;
            }
            // a value a script reads is printed as stored; a person's terminal gets it escaped
            out.println(Terminal.attached() ? Terminal.line(render(value), Integer.MAX_VALUE) : render(value));
            out.flush();
            return 0;
        } catch (CacheMissException | IllegalStateException e) {
            spec.commandLine().getErr().println("mppfc get: " + Terminal.line(e.getMessage(), Integer.MAX_VALUE));
            return MppfcCli.FAILED;
        }
    }

    /**
     * Why a miss is one: "; it failed when computed: ..." when a failure of these arguments is
     * recorded, else nothing. Read only: a damaged record is not moved.
     */
    private String failedBefore(java.nio.file.Path functionDir, ResolvedFunction resolved, Object[] tuple) {
        io.mppfc.cache.failure.FailureRecords.Failure failure;
        try {
            failure = new io.mppfc.cache.failure.FailureRecords(functionDir, true).read(
                    new io.mppfc.function.FunctionKeys(io.mppfc.function.FunctionRefs.ofStaticMethod(resolved.method()),
                            function.keyVersion).of(tuple));
        } catch (java.io.IOException | RuntimeException e) {
            return ""; // the miss is the answer; the failure record is a hint
        }
        if (failure == null) {
            return "";
        }
        return "; it failed when computed: " + failure.exceptionClass() + (failure.message() == null ? ""
                : ": " + failure.message()) + " (mppfc failures --cache " + function.cache + " --function " + CodeVersions.function(
                        functionDir.getFileName().toString()) + " shows it with its trace)";
    }

    /** A read needs a cache, and nothing is made for it; with --shared the store may hold what is not here. */
    private io.mppfc.CacheBuilder<MultiProcCachedFunctionN<Object>> readableCache(ResolvedFunction resolved) {
        boolean missing = !java.nio.file.Files.exists(function.cache, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        if (!java.nio.file.Files.isDirectory(function.cache) && !(missing && sharedOptions.given())) {
            throw new UsageException("--cache: " + CacheRootOption.notADirectory(function.cache) + (missing
                    ? "; name the directory your program's path(...) gives (by default .cache)" : ""));
        }
        return function.builder(resolved).readOnly(true);
    }

    /** The builder, with the shared store behind it if one was given: a read-only cache keeps what it fetches in memory. */
    static <F> io.mppfc.CacheBuilder<F> withShared(io.mppfc.CacheBuilder<F> builder, SharedOptions.Opened shared) {
        return shared.store() == null ? builder : builder.shared(shared.store());
    }

    private static String render(Object value) {
        if (value == null || value instanceof CharSequence || value instanceof Number || value instanceof Boolean) {
            return String.valueOf(value);
        }
        try {
            return ArgumentSource.JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
            return String.valueOf(value);
        }
    }
}
