package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mppfc prewarm --launcher ssh --hosts h1,h2} to hosts that share nothing with this
 * machine but the JDK: two real sshds on loopback whose logins see an empty tmpfs over this
 * module's {@code target} (the CLI's jar and the function's classes), over the directory of the
 * caches, and their own tmpfs as the jar directory. The classpath is shipped and the results come
 * back over the pipe, both in one run.
 */
@Timeout(300)
class SharedNothingIT {

    private static final int TASKS = 8;
    private static Path jarDirectory;
    /** Every test's caches are below this: the hosts see an empty tmpfs there. */
    private static Path caches;
    private static IsolatedSshd h1;
    private static IsolatedSshd h2;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void startHosts() throws Exception {
        Path target = IsolatedSshd.assumeHidingTheClasspath(shared);
        jarDirectory = Files.createDirectories(shared.resolve("host-jars"));
        caches = Files.createDirectories(shared.resolve("caches"));
        h1 = start("h1", target);
        h2 = start("h2", target);
        for (IsolatedSshd host : List.of(h1, h2)) {
            assertThat(host.output("ls -A '" + target + "' '" + caches + "'"))
                    .as("the host sees neither the classpath nor the caches").doesNotContain(".jar", "classes");
        }
    }

    private static IsolatedSshd start(String name, Path target) throws Exception {
        return IsolatedSshd.start(shared.resolve("keys"), shared.resolve(name), List.of(
                new IsolatedSshd.Mount(target, "1m"), new IsolatedSshd.Mount(caches, "64m"),
                new IsolatedSshd.Mount(jarDirectory, "256m")));
    }

    @AfterAll
    static void stopHosts() throws Exception {
        IsolatedSshd.stopAll(h1, h2);
    }

    private CliProcess.Result prewarm(String cache, String jars) throws Exception {
        List<String> command = PlacementRun.prewarm(dir, TASKS, caches.resolve(cache), List.of(h1, h2),
                jarDirectory.resolve(jars));
        command.addAll(h1.loginOptions());
        return CliProcess.run(dir, command.toArray(String[]::new));
    }

    private static List<String> values(String cache) {
        return PlacementRun.values(caches.resolve(cache), TASKS);
    }

    @Test
    void prewarmOnTwoHostsThatSeeNeitherCacheNorClasspathStoresEveryValueHereAndNothingThere() throws Exception {
        CliProcess.Result run = prewarm("first", "first");

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        List<String> values = values("first");
        // which host each task ran on is not fixed: a replacement passes over a host still being shipped to
        assertThat(values).as("every value in this machine's cache, computed over ssh")
                .allMatch(v -> v.startsWith("ssh ") && (v.endsWith(" " + h1.port()) || v.endsWith(" " + h2.port())));
        for (IsolatedSshd host : List.of(h1, h2)) {
            assertThat(host.output("find '" + caches + "' -mindepth 1")).as("what " + host.host()
                    + " wrote where the cache is here").isEmpty();
            assertThat(host.output("ls '" + jarDirectory.resolve("first") + "'").lines())
                    .as("the shipped jars, named by hash").hasSize(2).allMatch(n -> n.matches("[0-9a-f]{64}\\.jar"));
        }
        CliProcess.Result get = CliProcess.run(dir, "get", "--cache", caches.resolve("first").toString(),
                "--function", Grid.class.getName() + "::placement", "--classpath", CliProcess.FIXTURES, "--args", "[3]");
        assertThat(get.exitCode()).as(get.all()).isZero();
        assertThat(get.out()).as(get.all()).contains(values.get(2));
    }

    @Test
    void aFirstRunThatShipsSaysSoWithoutAWarningOrTheStartsMarkerLines() throws Exception {
        CliProcess.Result run = prewarm("quiet", "quiet");

        assertThat(run.exitCode()).as(run.all()).isZero();
        for (IsolatedSshd host : List.of(h1, h2)) {
            assertThat(run.err().lines()).as(run.all()).filteredOn(line -> line.startsWith(
                    "INFO shipped 2 of the classpath's jars (")).filteredOn(line -> line.contains(" bytes) to SSH host "
                    + host.host() + " in ")).hasSize(1);
        }
        // the host's own login scripts may print (pyenv does here); what mppfc's start and pool say must not show
        assertThat(run.err()).as(run.all()).doesNotContain("mppfc prewarm: warning:").doesNotContain("mppfc-start:")
                .as("no complaint of the start's shell about the jar directory").doesNotContain(jarDirectory.toString());
    }

    @Test
    void aSecondRunShipsNothingAndOpensNoConnectionBeyondItsWorkers() throws Exception {
        CliProcess.Result first = prewarm("once", "again");
        assertThat(first.exitCode()).as(first.all()).isZero();

        long before1 = h1.logins();
        long before2 = h2.logins();
        CliProcess.Result second = prewarm("twice", "again");

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(second.out()).contains(TASKS + " computed, 0 already cached, 0 failed");
        assertThat(second.err()).as(second.all()).doesNotContain("shipped").doesNotContain("missing");
        assertThat(h1.logins() - before1).as("one connection for its one worker").isEqualTo(1);
        assertThat(h2.logins() - before2).as("one connection for its one worker").isEqualTo(1);
        assertThat(values("twice")).allMatch(v -> v.startsWith("ssh "));
    }
}
