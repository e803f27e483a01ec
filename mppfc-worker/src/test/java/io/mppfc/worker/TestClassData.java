package io.mppfc.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Class data in tests: its kind on this JDK, a trainee's bound and priority, and what a trainee left ({@link ClassDataDirectory} is a test's own directory). */
final class TestClassData {

    static final boolean AOT = Runtime.version().feature() >= 24;
    static final String EXTENSION = AOT ? ".aot" : ".jsa";
    /** A trainee runs at the lowest priority: on a busy machine it may take minutes. */
    static final long SECONDS = 300;
    /**
     * The trainee's niceness: the tests' trainees run as any other process, since a machine busy
     * with other work may not give one at the lowest priority a core for minutes (the CI host
     * once did not in 300 s); {@code TraineePriorityTest} pins the default.
     */
    static final String NICENESS = "mppfc.cdsTraineeNice";
    /** The worker's {@code Rehearsal.PROPERTY}: a trainee's command line has it. */
    private static final String REHEARSAL = "-D" + Rehearsal.PROPERTY + "=true";
    /** For a program a test starts: its trainee runs as any other process. */
    static final String AT_NORMAL_PRIORITY = "-D" + NICENESS + "=0";

    private TestClassData() {
    }

    /** The archives or AOT caches in {@code dir}, none if it is missing. */
    static List<Path> archivesIn(Path dir) {
        return named(dir, name -> name.endsWith(EXTENSION));
    }

    /** The scratch directories of trainees in {@code temp}, a program's temp directory; none if it is missing. */
    static List<Path> traineeScratchIn(Path temp) {
        return named(temp, name -> name.startsWith("mppfc-trainee"));
    }

    private static List<Path> named(Path dir, Predicate<String> name) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> name.test(f.getFileName().toString())).toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Waits for class data in {@code dir}. A trainee runs on another process's time, so when it
     * does not finish, the failure says what it left and how it ran (its CPU, its niceness, its
     * state), for a run on a machine nobody can look at afterwards.
     */
    static void await(String what, Path dir, BooleanSupplier condition) throws InterruptedException {
        Eventually.until(what, SECONDS, condition, () -> traineeState(dir));
    }

    /** The files in {@code dir} and every process whose command line names it (the trainee, its {@code sh}). */
    static String traineeState(Path dir) {
        String files;
        try (Stream<Path> listed = Files.list(dir)) {
            files = listed.map(f -> f.getFileName().toString()).sorted().collect(Collectors.joining(", "));
        } catch (IOException e) {
            files = e.toString();
        }
        String processes = naming(dir).map(TestClassData::describe).collect(Collectors.joining("; "));
        return "files in " + dir + ": [" + files + "]; processes naming it: ["
                + (processes.isEmpty() ? "none" : processes) + "]";
    }

    /** The niceness of a JVM whose command line names {@code dir} (a trainee), once one runs. */
    static int traineeNiceness(Path dir) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SECONDS);
        while (System.nanoTime() < deadline) {
            // the JVM itself (nice execs it), not its sh, nor the program whose -Dmppfc.cdsDir names dir too
            Optional<String[]> trainee = naming(dir).filter(p -> p.info().command().filter(c -> c.endsWith("java"))
                    .isPresent() && p.info().commandLine().filter(c -> c.contains(REHEARSAL)).isPresent())
                    .map(TestClassData::stat).flatMap(Optional::stream).findFirst();
            if (trainee.isPresent()) {
                return Integer.parseInt(trainee.get()[16]);
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no trainee ran within " + SECONDS + " s; " + traineeState(dir));
    }

    /**
     * Kills the trainees' JVMs (and a program) naming {@code dir}, not their {@code sh}, and waits
     * until each {@code sh} has removed what its trainee left in the temp directory.
     */
    static void endTrainees(Path dir) throws InterruptedException {
        naming(dir).filter(p -> p.info().command().filter(c -> c.endsWith("java")).isPresent())
                .forEach(ProcessHandle::destroyForcibly);
        await("the trainees ended", dir, () -> naming(dir).findAny().isEmpty());
    }

    /** The trainee's processes naming {@code dir}: its {@code sh} and its JVM, once the JVM runs; none before. */
    static List<ProcessHandle> traineeOnceRunning(Path dir) {
        List<ProcessHandle> processes = naming(dir).toList();
        boolean jvm = processes.stream().anyMatch(p -> p.info().commandLine().filter(c -> c.contains(REHEARSAL)).isPresent()
                && p.info().command().filter(c -> c.endsWith("java")).isPresent());
        return jvm ? processes : List.of();
    }

    static int niceness(ProcessHandle process) {
        return Integer.parseInt(stat(process).orElseThrow()[16]);
    }

    private static Stream<ProcessHandle> naming(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().filter(c -> c.contains(dir.toString())).isPresent());
    }

    /** The fields of {@code /proc/<pid>/stat} after the command's closing parenthesis: state first, nice 17th. */
    private static Optional<String[]> stat(ProcessHandle process) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return Optional.of(line.substring(line.lastIndexOf(')') + 2).split(" "));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // ended meanwhile
        }
    }

    private static String describe(ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String stat = stat(process).map(f -> "state " + f[0] + ", nice " + f[16]).orElse("no /proc stat");
        return "pid " + process.pid() + " " + info.command().map(c -> Path.of(c).getFileName().toString()).orElse("?")
                + ", " + stat + ", CPU " + info.totalCpuDuration().map(Duration::toMillis).map(ms -> ms + " ms").orElse("?")
                + ", running " + info.startInstant().map(s -> Duration.between(s, Instant.now()).toSeconds() + " s")
                        .orElse("?");
    }
}
