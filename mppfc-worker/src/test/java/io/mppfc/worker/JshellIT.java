package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code jshell} of this JDK, fed a script on stdin, caching with workers. */
@Timeout(180)
class JshellIT {

    private static final Path JSHELL = Path.of(System.getProperty("java.home"), "bin", "jshell");

    /** mppfc, its dependencies and the worker module: what a user puts on jshell's class path. */
    private static final String MPPFC = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(e -> !e.contains("test-classes")).collect(Collectors.joining(File.pathSeparator));

    /** This module's test classes: a project's compiled classes, with TestFunctions among them. */
    private static final String PROJECT = Path.of("target", "test-classes").toAbsolutePath().toString();

    @TempDir
    Path dir;

    @Test
    void startWorkersRefusesOnceAFunctionDeclaredInJshellAndApplyComputesHere() throws Exception {
        String out = jshell("""
                import io.mppfc.*;
                class Physics { static double square(double x) { return x * x; } }
                var f = Mppfc.cache(Physics::square).path(java.nio.file.Path.of("cache")).build();
                f.startWorkers(2);
                System.out.println("values " + f.apply(2.0) + " " + f.apply(3.0) + " " + f.apply(4.0));
                """);
        assertThat(count(out, "cannot run in worker processes")).as(out).isEqualTo(1);
        assertThat(out).contains("class Physics was declared in jshell").contains("/env --class-path")
                .doesNotContain("is not on the classpath").contains("values 4.0 9.0 16.0");
    }

    @Test
    void aFunctionOfTheProjectsClassesAddedWithEnvRunsInWorkers() throws Exception {
        String out = jshell("/env --class-path " + MPPFC + File.pathSeparator + PROJECT + "\n" + """
                import io.mppfc.*;
                var f = Mppfc.cache(io.mppfc.worker.TestFunctions::pidAfterSleeping).path(java.nio.file.Path.of("cache")).build();
                f.startWorkers(2);
                for (int i = 1; i <= 4; i++) f.apply(i);
                f.awaitAll();
                long here = ProcessHandle.current().pid();
                System.out.println("by workers " + java.util.stream.IntStream.rangeClosed(1, 4).allMatch(i -> f.hasKey(i) && f.apply(i) != here));
                """);
        assertThat(out).as(out).contains("by workers true").doesNotContain("Exception");
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    /** jshell's output (prompts, feedback and the snippets' output) for the script, ended with /exit. */
    private String jshell(String script) throws Exception {
        assumeTrue(Files.isExecutable(JSHELL), "this JDK has no jshell (" + JSHELL + ")");
        Process jshell = new ProcessBuilder(JSHELL.toString(), "--class-path", MPPFC).directory(dir.toFile())
                .redirectErrorStream(true).start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(jshell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (var in = jshell.getOutputStream()) {
            in.write((script + "/exit\n").getBytes(StandardCharsets.UTF_8));
        }
        if (!jshell.waitFor(150, TimeUnit.SECONDS)) {
            jshell.destroyForcibly();
            throw new AssertionError("jshell did not finish within 150 s: " + out.getNow("(no output)"));
        }
        return out.get(10, TimeUnit.SECONDS);
    }
}
