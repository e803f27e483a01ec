package io.mppfc.cli;

import io.mppfc.CacheMissException;
import io.mppfc.MultiProcCachedFunctionN;
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
                "", ArgumentSource.JSON_HELP})
final class GetCommand implements Callable<Integer> {

    @Mixin
    FunctionOptions function;

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
        if (!java.nio.file.Files.isDirectory(function.cache)) { // a read needs a cache: nothing is made for it
            throw new UsageException("--cache: " + (java.nio.file.Files.exists(function.cache)
                    ? "not a directory: " : "no such directory: ") + function.cache);
        }
        try (MultiProcCachedFunctionN<Object> f = function.builder(resolved).readOnly(true).build()) {
            LsJsonLines.check(line, resolved, function.keyVersion, tuple, f.cacheDir(), "--args ");
            Object value = f.cacheOnly(tuple);
            // a value a script reads is printed as stored; a person's terminal gets it escaped
            out.println(Terminal.attached() ? Terminal.line(render(value), Integer.MAX_VALUE) : render(value));
            out.flush();
            return 0;
        } catch (CacheMissException | IllegalStateException e) {
            spec.commandLine().getErr().println("mppfc get: " + Terminal.line(e.getMessage(), Integer.MAX_VALUE));
            return MppfcCli.FAILED;
        }
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
