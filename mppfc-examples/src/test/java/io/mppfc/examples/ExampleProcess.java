package io.mppfc.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an example's main class in its own JVM, as a user would, and captures what it prints. */
final class ExampleProcess {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private ExampleProcess() {
    }

    static Result run(Class<?> main, Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return run(command, workingDirectory);
    }

    static Result run(List<String> command, Path workingDirectory) throws IOException, InterruptedException {
        String name = Path.of(command.get(0)).getFileName() + " " + command.get(command.size() - 1);
        Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectOutput(ProcessBuilder.Redirect.PIPE).redirectError(ProcessBuilder.Redirect.PIPE).start();
        process.getOutputStream().close();
        byte[] err;
        byte[] out;
        java.util.concurrent.CompletableFuture<byte[]> errBytes = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return process.getErrorStream().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out = process.getInputStream().readAllBytes();
        err = errBytes.join();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
