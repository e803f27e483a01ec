package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import io.mppfc.cli.fixtures.RefusingAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker JVM that refuses its options refuses them at every start: said in one line, what the
 * JVM said once, exit 2 (bad input), and not started again.
 */
@Timeout(180)
class BadJvmOptionIT {

    @TempDir
    Path dir;

    @BeforeEach
    void grid() throws Exception {
        Files.write(dir.resolve("grid.jsonl"), List.of("[0.01]", "[0.02]", "[0.03]", "[0.04]"));
    }

    private CliProcess.Result prewarm(String jvmOption) throws Exception {
        return CliProcess.run(dir, "prewarm", "--function", Grid.class.getName() + "::slow", "--classpath",
                CliProcess.FIXTURES, "--args", "grid.jsonl", "--cache", "c", "--workers", "1",
                "--jvm-option=" + jvmOption);
    }

    @Test
    void anOptionTheJvmRefusesIsOneLineWithTheJvmsWordsAndExitTwo() throws Exception {
        CliProcess.Result r = prewarm("-Xmx1q");

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.all()).containsExactly("mppfc prewarm: the workers' JVM does not start with "
                + "--jvm-option -Xmx1q: Invalid maximum heap size: -Xmx1q; no task was run");
    }

    @Test
    void aJvmThatEndsBeforeItsWorkerIsReadyIsStartedOnce() throws Exception {
        Path agent = dir.resolve("agent.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", RefusingAgent.class.getName());
        String entry = RefusingAgent.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(agent), manifest)) {
            jar.putNextEntry(new JarEntry(entry));
            jar.write(Files.readAllBytes(Path.of(CliProcess.FIXTURES).resolve(entry)));
            jar.closeEntry();
        }
        Path starts = dir.resolve("starts");

        CliProcess.Result r = prewarm("-javaagent:" + agent + "=" + starts);

        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(Files.readAllLines(starts)).as(r.all()).hasSize(1);
        assertThat(r.err().lines()).as(r.all()).singleElement().satisfies(line -> assertThat(line)
                .endsWith(": this JVM is not for workers; no task was run"));
    }
}
