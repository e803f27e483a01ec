package io.mppfc.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code target/mppfc.jar} as a separate process, as CI would. */
final class CliProcess {

    static final Path JAR = Path.of("target", "mppfc.jar").toAbsolutePath();
    static final String FIXTURES = Path.of("target", "test-classes").toAbsolutePath().toString();

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + err;
        }
    }

    private CliProcess() {
    }

    /** The one code version's directory of a function in a cache, whatever its fingerprint. */
    static Path functionDirectory(Path cache, String function) throws IOException {
        List<Path> versions = io.mppfc.cache.maintenance.CacheInventory.functionDirectories(cache).stream()
                .filter(d -> io.mppfc.cache.CodeVersions.function(d.getFileName().toString()).equals(function)).toList();
        if (versions.size() != 1) {
            throw new AssertionError("expected one code version of " + function + " in " + cache + ", found " + versions);
        }
        return versions.get(0);
    }

    static Process start(Path workingDirectory, String... args) throws IOException {
        return start(workingDirectory, Map.of(), args);
    }

    static Process start(Path workingDirectory, Map<String, String> environment, String... args) throws IOException {
        return start(List.of(), workingDirectory, environment, args);
    }

    /**
     * Starts the CLI with SIGINT at its default disposition whatever this JVM inherited: a build
     * started in the background of a non-interactive shell ignores SIGINT, an ignored signal
     * stays ignored across exec, and HotSpot then installs no handler for it, so the CLI would
     * never see the interrupt a test sends.
     */
    static Process startInterruptible(Path workingDirectory, String... args) throws IOException {
        return start(Sigint.restoringPrefix(), workingDirectory, Map.of(), args);
    }

    private static Process start(List<String> prefix, Path workingDirectory, Map<String, String> environment,
            String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: these tests run after mvn package (mvn verify)");
        }
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().putAll(environment);
        return builder.start();
    }

    static Result run(Path workingDirectory, String... args) throws Exception {
        return run(workingDirectory, Map.of(), args);
    }

    static Result run(Path workingDirectory, Map<String, String> environment, String... args) throws Exception {
        Process process = start(workingDirectory, environment, args);
        process.getOutputStream().close();
        return finish(process);
    }

    static Result finish(Process process) throws Exception {
        var err = new java.util.concurrent.CompletableFuture<String>();
        Thread errReader = new Thread(() -> {
            try {
                err.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.completeExceptionally(e);
            }
        });
        errReader.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mppfc did not finish within 120 s");
        }
        return new Result(process.exitValue(), out, err.get(30, TimeUnit.SECONDS));
    }
}
