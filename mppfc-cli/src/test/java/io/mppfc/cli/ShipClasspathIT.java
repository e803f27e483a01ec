package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mppfc prewarm --launcher ssh} to hosts that do not have the classpath: real sshds on
 * loopback whose logins see an empty tmpfs over this module's {@code target} (the CLI's jar and
 * the function's classes) and their own tmpfs as the jar directory; one of them a full one.
 * The cache itself is still seen by both (results over the pipe are another feature).
 */
@Timeout(300)
class ShipClasspathIT {

    private static final int TASKS = 6;
    /** Where the hosts keep shipped jars: each host's own tmpfs, an empty directory here. */
    private static Path jarDirectory;
    private static IsolatedSshd roomy;
    private static IsolatedSshd full;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHosts() throws Exception {
        Path target = IsolatedSshd.assumeHidingTheClasspath(shared);
        jarDirectory = Files.createDirectories(shared.resolve("host-jars"));
        roomy = IsolatedSshd.start(shared.resolve("keys"), shared.resolve("roomy"), List.of(new IsolatedSshd.Mount(target, "1m"),
                new IsolatedSshd.Mount(jarDirectory, "256m")));
        full = IsolatedSshd.start(shared.resolve("keys"), shared.resolve("full"), List.of(new IsolatedSshd.Mount(target, "1m"),
                new IsolatedSshd.Mount(jarDirectory, "16k")));
        assertThat(roomy.output("ls -A '" + target + "'")).as("the host does not see the classpath").isEmpty();
    }

    @AfterAll
    static void stopHosts() throws Exception {
        IsolatedSshd.stopAll(roomy, full);
    }

    private CliProcess.Result prewarm(String cache, String jars, List<IsolatedSshd> hosts) throws Exception {
        return prewarm(cache, jars, hosts, true);
    }

    private CliProcess.Result prewarm(String cache, String jars, List<IsolatedSshd> hosts, boolean ship)
            throws Exception {
        List<String> command = PlacementRun.prewarm(dir, TASKS, dir.resolve(cache), hosts, jarDirectory.resolve(jars));
        if (ship) {
            command.add("--ship-classpath");
        }
        command.addAll(roomy.loginOptions());
        return CliProcess.run(dir, command.toArray(String[]::new));
    }

    private List<String> values(String cache) {
        return PlacementRun.values(dir.resolve(cache), TASKS);
    }

    @Test
    void aHostWithoutTheClasspathIsShippedItOnceAndRunsEveryTask() throws Exception {
        CliProcess.Result run = prewarm("c", "first", List.of(roomy));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        assertThat(run.err()).containsOnlyOnce("shipped 2 of the classpath's jars");
        assertThat(values("c")).allMatch(v -> v.startsWith("ssh ") && v.endsWith(" " + roomy.port()));
        assertThat(roomy.output("ls '" + jarDirectory.resolve("first") + "'").lines())
                .as("the CLI's jar and the packed classes, named by hash").hasSize(2)
                .allMatch(name -> name.matches("[0-9a-f]{64}\\.jar"));
        try (var here = Files.list(jarDirectory)) {
            assertThat(here).as("the jars went to the host's disk, not this one's").isEmpty();
        }
    }

    @Test
    void aSecondRunShipsNothingAndOpensNoConnectionBeyondItsWorkers() throws Exception {
        CliProcess.Result first = prewarm("c1", "second", List.of(roomy));
        assertThat(first.exitCode()).as(first.all()).isZero();

        long before = roomy.logins();
        CliProcess.Result second = prewarm("c2", "second", List.of(roomy));

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        assertThat(second.err()).doesNotContain("shipped").doesNotContain("missing");
        assertThat(roomy.logins() - before).as("one connection per worker, nothing else").isEqualTo(2);
    }

    @Test
    void aJarReplacedOnTheHostByOtherBytesOfTheSameNameIsRefusedAndShippedAgain() throws Exception {
        assertThat(prewarm("c1", "replaced", List.of(roomy)).exitCode()).isZero();
        Path jars = jarDirectory.resolve("replaced");
        String victim = roomy.output("ls '" + jars + "' | head -n 1").strip();
        roomy.output("f='" + jars.resolve(victim) + "'; s=$(wc -c < \"$f\"); head -c \"$s\" /dev/zero > \"$f\"");

        CliProcess.Result again = prewarm("c2", "replaced", List.of(roomy));

        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        assertThat(again.err()).containsOnlyOnce("shipped 1 of the classpath's jars");
        assertThat(roomy.output("sha256sum '" + jars.resolve(victim) + "'")).startsWith(victim.replace(".jar", ""));
    }

    @Test
    void aHostWhoseDiskIsFullGetsOneClearErrorAndTheOtherHostCarriesOn() throws Exception {
        CliProcess.Result run = prewarm("c", "full", List.of(roomy, full));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        String error = "cannot ship the classpath to SSH host " + full.host() + ": no space left on the device of "
                + jarDirectory.resolve("full") + " there (";
        assertThat(run.err()).containsOnlyOnce(error).contains("KiB free, the jars need ");
        assertThat(values("c")).allMatch(v -> v.endsWith(" " + roomy.port()), "every task ran on the roomy host");
        assertThat(full.output("ls -A '" + jarDirectory.resolve("full") + "'")).as("nothing partial kept").isEmpty();
    }

    @Test
    void aHostThatLacksTheCoordinatorsPathsIsShippedTheClasspathUnasked() throws Exception {
        CliProcess.Result run = prewarm("c", "unasked", List.of(roomy), false);

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        assertThat(run.err()).containsOnlyOnce("shipped 2 of the classpath's jars");
        assertThat(values("c")).allMatch(v -> v.startsWith("ssh ") && v.endsWith(" " + roomy.port()));
    }
}
