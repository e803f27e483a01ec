package io.mppfc.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the SSH launcher decides to ship, and what it says when it cannot. */
class ShippingLauncherTest {

    @TempDir
    Path dir;

    private WorkerJvm jvm(String classpath) {
        return new WorkerJvm(List.of(), classpath, 1);
    }

    private static String remote(WorkerCommand command) {
        return command.command().get(command.command().size() - 1);
    }

    /** The script that {@code exec sh -c '...'} hands to sh, as a real sh reads the quoted word. */
    private static String script(WorkerCommand command) throws Exception {
        String remote = remote(command);
        assertThat(remote).startsWith("exec sh -c '");
        Process sh = new ProcessBuilder("sh", "-c", "printf %s " + remote.substring("exec sh -c ".length())).start();
        String script = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(script).as("one line, for csh").doesNotContain("\n");
        return script;
    }

    @Test
    void byDefaultAHostUsesTheCoordinatorsPathsElseTheShippedJarsInTheSameStart() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        SshLauncher ssh = SshLauncher.builder().hosts("node1").build();
        String hash = ShippedClasspath.of(app.toString()).jars().get(0).sha256();

        String start = script(ssh.command(jvm(app.toString())));

        assertThat(start).startsWith("if [ -e '" + app + "' ]; then exec ").contains("-cp '" + app + "'");
        assertThat(start.substring(start.indexOf("; fi; ") + 6)).as("else the shipped jars")
                .startsWith("d=\"$HOME\"/'.cache/mppfc/jars'").contains("$d/" + hash + ".jar")
                .contains(ShipScripts.MISSING);
    }

    @Test
    void aClasspathEntryWithANewlineInItsNameIsShippedNotLookedForInAStartOfTwoLines() throws Exception {
        Path app = Files.writeString(dir.resolve("app\nrm -rf x.jar"), "app");
        String hash = ShippedClasspath.of(app.toString()).jars().get(0).sha256();

        String start = script(SshLauncher.builder().hosts("node1").build().command(jvm(app.toString())));

        assertThat(start).doesNotContain("[ -e ").contains("$d/" + hash + ".jar");
    }

    @Test
    void shipClasspathNeverUsesWhatTheHostHasAtThePaths() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        String start = script(SshLauncher.builder().hosts("node1").shipClasspath(true).jarDirectory("/opt/jars").build()
                .command(jvm(app.toString())));
        assertThat(start).doesNotContain("[ -e ").contains("d='/opt/jars'");
    }

    @Test
    void aClasspathNamedForTheHostsIsNeverShipped() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        String start = remote(SshLauncher.builder().hosts("node1").remoteClasspath("/shared/app.jar").build()
                .command(jvm(app.toString())));
        assertThat(start).isEqualTo("exec '" + LocalJvmLauncher.javaExecutable() + "' '-cp' '/shared/app.jar' '"
                + Launcher.MAIN_CLASS + "'");
    }

    @Test
    void shippingAClasspathAndNamingOneOnTheHostsIsRefused() {
        assertThatThrownBy(() -> SshLauncher.builder().hosts("node1").shipClasspath(true).remoteClasspath("/x.jar")
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("set one of them");
        assertThatThrownBy(() -> SshLauncher.builder().jarDirectory("a\nb")).hasMessageContaining("line break");
    }

    @Test
    void aStartMissingJarsShipsThemWithoutCountingAsARefusalAndAHostThatCannotTakeThemIsRefusedNamingWhy()
            throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        SshLauncher ssh = SshLauncher.builder().hosts("127.0.0.1:1").shipClasspath(true).build();
        WorkerCommand first = ssh.command(jvm(app.toString()));
        String hash = ShippedClasspath.of(app.toString()).jars().get(0).sha256();

        Launcher.ExitReport report = ssh.explainExit(first, ShipScripts.EXIT_MISSING, false,
                List.of(ShipScripts.MISSING + "1: " + hash));

        assertThat(report.placementRefused()).as("not a start failure of the function").isTrue();
        assertThat(report.expectedRestart()).as("a first start's course, not a warning").isTrue();
        assertThat(report.explanation()).isEqualTo("found 1 of the classpath's jars missing there: shipping them "
                + "(0 KiB), then starting it again");
        assertThatThrownBy(() -> ssh.command(jvm(app.toString()))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("every SSH host refused")
                .hasMessageContaining("127.0.0.1:1: cannot ship the classpath to SSH host 127.0.0.1:1: ssh: connect to "
                        + "host 127.0.0.1 port 1: Connection refused");
    }

    @Test
    void aMissingJarsLineWithAStartNumberNoLongHoldsIsAnOrdinaryExitNotAParserCrash() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        SshLauncher ssh = SshLauncher.builder().hosts("127.0.0.1:1").shipClasspath(true).build();
        WorkerCommand first = ssh.command(jvm(app.toString()));
        String hash = ShippedClasspath.of(app.toString()).jars().get(0).sha256();
        String line = ShipScripts.MISSING + "9".repeat(30) + ": " + hash;

        Launcher.ExitReport report = ssh.explainExit(first, ShipScripts.EXIT_MISSING, false, List.of(line));

        assertThat(report).as("not a report of missing jars: the exit is said as any other, its last lines escaped")
                .isNull();
    }

    @Test
    void aClassVersionLineWithANumberNoIntHoldsIsAnOrdinaryExitNotAParserCrash() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        SshLauncher ssh = SshLauncher.builder().hosts("127.0.0.1:1").build();
        WorkerCommand first = ssh.command(jvm(app.toString()));
        String line = "Error: LinkageError occurred while loading main class io.mppfc.worker.WorkerMain\n\t"
                + "java.lang.UnsupportedClassVersionError: io/mppfc/worker/WorkerMain has been compiled by a more recent "
                + "version of the Java Runtime (class file version " + "9".repeat(30) + ".0), this version of the Java "
                + "Runtime only recognizes class file versions up to 55.0";

        Launcher.ExitReport report = ssh.explainExit(first, 1, false, line.lines().toList());

        assertThat(report).as("not a java too old: the exit is said as any other, its last lines escaped").isNull();
    }

    @Test
    void aHostWhoseShipmentFailedIsNotShippedToAgainByAStartIssuedBeforeItWasKnown() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app");
        List<ShippedJar> jars = ShippedClasspath.of(app.toString()).jars();
        SshConnection connection = new SshConnection("ssh", null, null, java.time.Duration.ofSeconds(5), List.of());
        ClasspathShipper shipper = new ClasspathShipper(connection, ".cache/mppfc/jars", () -> 1);
        SshHost host = SshHost.parse("127.0.0.1:1");

        shipper.ship(host, jars);
        java.util.concurrent.CompletableFuture<Void> first = shipper.pending(host);
        if (first != null) {
            first.exceptionally(e -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        String failure = shipper.failure(host);
        assertThat(failure).contains("Connection refused");

        for (int start = 2; start <= 4; start++) { // other workers' starts, issued before the failure was known
            shipper.ship(host, jars);
            java.util.concurrent.CompletableFuture<Void> again = shipper.pending(host);
            if (again != null) {
                again.exceptionally(e -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            assertThat(shipper.failure(host)).isEqualTo(failure);
        }
        assertThat(shipper.shippedTooOften(host, java.util.Set.of(jars.get(0).sha256())))
                .as("shipped once: the failure answered the later starts").isFalse();
    }

    @Test
    void aHostThatStopsReadingMidShipmentIsGivenUpAtTheBoundNamingItAndWhatToDo() throws Exception {
        Path app = Files.write(dir.resolve("app.jar"), new byte[1 << 20]); // more than a pipe holds: the write blocks
        assertShipmentToAStalledHostEndsAtTheBound(app);
    }

    @Test
    void aHostThatTakesTheShipmentAndNeverAnswersIsGivenUpAtTheBound() throws Exception {
        Path app = Files.writeString(dir.resolve("app.jar"), "app"); // fits in the pipe: the wait for ssh blocks
        assertShipmentToAStalledHostEndsAtTheBound(app);
    }

    /** A real ssh stand-in that takes the connection and then neither reads nor ends; its pid is written down. */
    private void assertShipmentToAStalledHostEndsAtTheBound(Path app) throws Exception {
        Path pid = dir.resolve("stalled.pid");
        Path stalled = Files.writeString(dir.resolve("stalled-ssh"), "#!/bin/sh\necho $$ > " + pid
                + "\nexec sleep 600\n");
        Files.setPosixFilePermissions(stalled, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        SshConnection connection = new SshConnection(stalled.toString(), null, null, java.time.Duration.ofSeconds(5),
                List.of());
        ClasspathShipper shipper = new ClasspathShipper(connection, ".cache/mppfc/jars", () -> 1,
                bytes -> java.time.Duration.ofSeconds(2));
        SshHost host = SshHost.parse("stalled.example:2222");

        shipper.ship(host, ShippedClasspath.of(app.toString()).jars());
        java.util.concurrent.CompletableFuture<Void> shipment = shipper.pending(host);
        if (shipment != null) {
            shipment.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        }

        assertThat(shipper.failure(host)).startsWith("cannot ship the classpath to SSH host " + host
                + ": not done within 2 s").contains("check that ssh " + host + " answers").doesNotContain("\n");
        long stalledPid = Long.parseLong(Files.readString(pid).strip());
        ProcessHandle.of(stalledPid).ifPresent(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
        assertThat(ProcessHandle.of(stalledPid).map(ProcessHandle::isAlive).orElse(false)).as("the stalled ssh ended")
                .isFalse();
    }

    /** A jar rebuilt (grown or cut) after its hash was taken, shipped to a host that is this machine through a real sh. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {100, 8192})
    void aJarRebuiltAfterItWasHashedIsRefusedSayingItChangedHereAndNothingOfItIsKept(int rebuiltSize) throws Exception {
        Path app = Files.write(dir.resolve("app.jar"), new byte[4096]);
        List<ShippedJar> jars = ShippedClasspath.of(app.toString()).jars();
        Files.write(app, new byte[rebuiltSize]);
        Path here = Files.writeString(dir.resolve("here-ssh"), "#!/bin/sh\n# the host is this machine: run the remote "
                + "command, ssh's last argument\nfor last; do :; done\nexec sh -c \"$last\"\n");
        Files.setPosixFilePermissions(here, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        Path jarDirectory = dir.resolve("host-jars");
        ClasspathShipper shipper = new ClasspathShipper(new SshConnection(here.toString(), null, null,
                java.time.Duration.ofSeconds(5), List.of()), jarDirectory.toString(), () -> 1);
        SshHost host = SshHost.parse("here.example");

        shipper.ship(host, jars);
        java.util.concurrent.CompletableFuture<Void> shipment = shipper.pending(host);
        if (shipment != null) {
            shipment.exceptionally(e -> null).get(60, TimeUnit.SECONDS);
        }

        assertThat(shipper.failure(host)).isEqualTo("cannot ship the classpath to SSH host " + host + ": " + app
                + " changed on this machine after the run took its hash (4096 bytes then, " + rebuiltSize
                + " now): a jar rebuilt during a run cannot be shipped; run again once the build is done");
        assertThat(jarDirectory.resolve(jars.get(0).fileName())).doesNotExist();
    }

    /** A class file of Java 25 run by a Java 17: the JVM's own words, turned into the user's. */
    @Test
    void aHostWhoseJavaIsOlderThanTheClassFilesIsRefusedSayingWhichJavaIsNeeded() throws Exception {
        Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin");
        Path java17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64/bin/java");
        assumeTrue(Files.isExecutable(jdk25.resolve("javac")) && Files.isExecutable(java17),
                "needs JDK 25's javac and a Java 17 at their Debian paths");
        Path source = Files.writeString(dir.resolve("Hello.java"), "public class Hello { public static void "
                + "main(String[] a) { } }");
        assertThat(new ProcessBuilder(jdk25.resolve("javac").toString(), "--release", "25", "-d", dir.toString(),
                source.toString()).inheritIO().start().waitFor()).isZero();
        Process old = new ProcessBuilder(java17.toString(), "-cp", dir.toString(), "Hello").start();
        List<String> stderr = new String(old.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(old.waitFor(30, TimeUnit.SECONDS)).isTrue();

        SshLauncher ssh = SshLauncher.builder().hosts("node1").javaPath(java17.toString()).build();
        Launcher.ExitReport report = ssh.explainExit(ssh.command(jvm("/nowhere.jar")), old.exitValue(), false, stderr);

        assertThat(report.placementRefused()).isTrue();
        assertThat(report.explanation()).isEqualTo("could not start: its java (" + java17 + ") runs Java 17 class "
                + "files at most, but Hello is Java 25: install Java 25 or newer there, or point javaPath "
                + "(--remote-java) at it");
    }
}
