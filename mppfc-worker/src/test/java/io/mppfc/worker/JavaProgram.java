package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A program run in a JVM of its own, for what it prints: the tests' own logging stays out of it. */
final class JavaProgram {

    /** How it ended and what it printed. */
    record Result(int exit, String out, String err) {
    }

    private JavaProgram() {
    }

    /** This JVM's classpath without slf4j-simple: a program that binds no SLF4J provider. */
    static String classpathWithoutSimple() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
    }

    /** Runs this JVM's {@code java} with {@code arguments}, its stdin closed, until it ends. */
    static Result run(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(arguments);
        Process program = new ProcessBuilder(command).start();
        program.getOutputStream().close();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(program.getInputStream()));
        String err = read(program.getErrorStream());
        assertThat(program.waitFor(120, TimeUnit.SECONDS)).as(err).isTrue();
        return new Result(program.exitValue(), out.join(), err);
    }

    /**
     * What a coordinator program printed on stderr, once it exited 0 and printed nothing on stdout
     * (where nothing of its workers may land).
     */
    static String stderrOf(List<String> arguments) throws Exception {
        Result run = run(arguments);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEmpty();
        return run.err();
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
