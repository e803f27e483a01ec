package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mppfc.cli.fixtures.Grid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the ways of running {@code mppfc.jar} that the README names print on stderr on JDK 24 and
 * later, where Fory's use of {@code sun.misc.Unsafe} (JEP 498) and zstd-jni's native library
 * (JEP 472) make the JVM warn. Runs on this JVM when it is 24 or later, else on the newest such
 * JDK in {@code /usr/lib/jvm} or {@code -Dmppfc.test.jdk24=JAVA_HOME}; skipped, saying so, when
 * there is none.
 */
@Timeout(600)
class QuietOnNewJdksIT {

    private static final Path SCRIPT = Path.of("..", "scripts", "mppfc").toAbsolutePath().normalize();
    private static final String MEASURED = Grid.class.getName() + "::measured";
    private static final String CURVE = Grid.class.getName() + "::curve";
    private static final String ALLOW = Grid.Measurement.class.getCanonicalName();

    @TempDir
    static Path dir;

    private static Path javaHome;

    /** A cache holding a Fory-coded value and a compressed entry, written through the script. */
    @BeforeAll
    static void prewarm() throws Exception {
        javaHome = newJdk().orElse(null);
        assumeTrue(javaHome != null, "no JDK 24 or later here (this JVM is " + Runtime.version().feature()
                + ", none in /usr/lib/jvm, no -Dmppfc.test.jdk24): the warnings these tests are about do not exist before 24");
        Files.writeString(dir.resolve("measured.jsonl"), "[3]\n");
        Files.writeString(dir.resolve("curve.jsonl"), "[20000]\n");
        for (String[] task : List.of(new String[] {MEASURED, "measured.jsonl"}, new String[] {CURVE, "curve.jsonl"})) {
            CliProcess.Result run = script("prewarm", "--function", task[0], "--classpath", CliProcess.FIXTURES,
                    "--args", task[1], "--cache", "c", "--workers", "1", "--compress", "--allow-classes", ALLOW);
            assertThat(run.exitCode()).as(run.all()).isZero();
        }
    }

    @Test
    void theScriptPrintsNothingOnStderrWhileItStoresValues() throws Exception {
        CliProcess.Result run = script("prewarm", "--function", MEASURED, "--classpath", CliProcess.FIXTURES, "--args",
                "measured.jsonl", "--cache", "fresh", "--workers", "1", "--compress", "--allow-classes", ALLOW);
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void theScriptPrintsNothingOnStderrWhileItReadsForyAndCompressedValues() throws Exception {
        CliProcess.Result measured = script(get(MEASURED, "[3]"));
        CliProcess.Result curve = script(get(CURVE, "[20000]"));
        assertThat(measured.out()).isEqualTo("{\"value\":3}\n");
        assertThat(curve.out()).startsWith("[0.0,0.01,");
        assertThat(measured.err() + curve.err()).isEmpty();
    }

    @Test
    void theScriptPrintsNothingOnStderrWhileItMapsTheClassDataItRecorded() throws Exception {
        CliProcess.Result first = script("--version");
        until("the CLI's class data recorded", 300,
                () -> classData().stream().anyMatch(n -> n.endsWith(".aot")) && !recording());
        CliProcess.Result mapped = script(get(MEASURED, "[3]"));
        assertThat(first.exitCode()).isZero();
        assertThat(mapped.out()).isEqualTo("{\"value\":3}\n");
        assertThat(first.err() + mapped.err()).isEmpty();
    }

    /** Waits for a condition with a bound: what another process does at the lowest priority. */
    private static void until(String what, long seconds, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within " + seconds + " s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The names in the script's class data directory. */
    private static List<String> classData() {
        try (java.util.stream.Stream<Path> files = Files.list(dir.resolve("xdg").resolve("mppfc"))) {
            return files.map(f -> f.getFileName().toString()).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Whether a recording is under way: its lock, or what it writes. */
    private static boolean recording() {
        return classData().stream().anyMatch(n -> n.endsWith(".lock") || n.endsWith(".tmp"));
    }

    /** A recording still under way would write into the directory as it is removed. */
    @org.junit.jupiter.api.AfterAll
    static void awaitRecordings() throws Exception {
        if (Files.isDirectory(dir.resolve("xdg").resolve("mppfc"))) {
            until("the CLI's class data recordings ended", 300, () -> !recording());
        }
    }

    @Test
    void javaJarPrintsNothingOnStderrForTheVersion() throws Exception {
        CliProcess.Result run = java(Map.of(), List.of(), "--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void javaJarAllowsNativeAccessThroughItsManifest() throws Exception {
        CliProcess.Result run = java(Map.of(), List.of("--sun-misc-unsafe-memory-access=allow"), get(CURVE, "[20000]"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void javaJarAloneWarnsAboutUnsafeOnceAsTheReadmeSays() throws Exception {
        CliProcess.Result run = java(Map.of(), List.of(), get(MEASURED, "[3]"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err().lines()).allMatch(line -> line.startsWith("WARNING: "))
                .anyMatch(line -> line.contains("sun.misc.Unsafe::")).noneMatch(line -> line.contains("restricted method"));
    }

    @Test
    void jdkJavaOptionsLeaveOnlyTheLaunchersNote() throws Exception {
        CliProcess.Result run = java(Map.of("JDK_JAVA_OPTIONS", "--sun-misc-unsafe-memory-access=allow"), List.of(),
                get(MEASURED, "[3]"));
        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.err()).isEqualTo("NOTE: Picked up JDK_JAVA_OPTIONS: --sun-misc-unsafe-memory-access=allow\n");
    }

    private static String[] get(String function, String arguments) {
        return new String[] {"get", "--function", function, "--classpath", CliProcess.FIXTURES, "--args", arguments,
            "--cache", "c", "--allow-classes", ALLOW};
    }

    private static CliProcess.Result script(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
        command.addAll(List.of(args));
        return run(command, Map.of("MPPFC_JAR", CliProcess.JAR.toString(), "JAVA_HOME", javaHome.toString(),
                "XDG_CACHE_HOME", dir.resolve("xdg").toString(),
                // a machine busy with other work may give a recording at the lowest priority no core for minutes
                "MPPFC_CDS_NICE", "0"));
    }

    private static CliProcess.Result java(Map<String, String> environment, List<String> options, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
        command.addAll(options);
        command.addAll(List.of("-jar", CliProcess.JAR.toString()));
        command.addAll(List.of(args));
        return run(command, environment);
    }

    private static CliProcess.Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        // only what the test sets: a developer's own JDK_JAVA_OPTIONS would add its note
        builder.environment().keySet().removeAll(List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        return CliProcess.finish(process);
    }

    private static Optional<Path> newJdk() throws IOException {
        String given = System.getProperty("mppfc.test.jdk24", "");
        if (!given.isEmpty()) {
            return Optional.of(Path.of(given));
        }
        if (Runtime.version().feature() >= 24) {
            return Optional.of(Path.of(System.getProperty("java.home")));
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter(h -> feature(h) >= 24 && Files.isExecutable(h.resolve("bin").resolve("java")))
                    .max(Comparator.comparingInt(QuietOnNewJdksIT::feature));
        }
    }

    /** The JDK's feature version from its release file, 0 when it has none. */
    private static int feature(Path home) {
        try {
            Matcher m = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)").matcher(Files.readString(home.resolve("release")));
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException e) {
            return 0;
        }
    }
}
