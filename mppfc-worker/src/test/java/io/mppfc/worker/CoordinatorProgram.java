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

/** A coordinator program run in a JVM of its own, for what it prints: the tests' own logging stays out of it. */
final class CoordinatorProgram {

    private CoordinatorProgram() {
    }

    /** This JVM's classpath without slf4j-simple: a program that binds no SLF4J provider. */
    static String classpathWithoutSimple() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * Runs {@code arguments} with this JVM's {@code java} and returns what it printed on stderr,
     * once it exited 0 and printed nothing on stdout (where nothing of its workers may land).
     */
    static String stderrOf(List<String> arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(arguments);
        Process program = new ProcessBuilder(command).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(program.getInputStream()));
        String err = read(program.getErrorStream());
        assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(program.exitValue()).as(err).isZero();
        assertThat(out.join()).isEmpty();
        return err;
    }

    private static String read(InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
