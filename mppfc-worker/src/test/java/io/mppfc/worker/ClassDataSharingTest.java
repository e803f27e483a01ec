package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.MultiProcCachedFunctionN;
import io.mppfc.code.CompiledSources;
import java.io.File;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classpath's class data (AppCDS; the AOT cache on JDK 24+) is recorded once, by a trainee after
 * the first result, and workers map it afterwards.
 */
@Timeout(900)
class ClassDataSharingTest {

    private static final boolean AOT = TestClassData.AOT;
    private static final String EXTENSION = TestClassData.EXTENSION;
    private static final String USE_OPTION = AOT ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";

    @TempDir
    Path root;

    @RegisterExtension
    final ClassDataDirectory classData = new ClassDataDirectory(() -> root);

    private String jarClasspath() throws IOException {
        return JarClasspath.of(root);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    @Test
    void noWorkerRecordsClassDataAndTheTraineeWaitsForTheFirstResult() throws Exception {
        String classpath = jarClasspath();
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy)
                .path(root.resolve("cache")).workerClasspath(classpath).build()) {
            f.startWorkers(2);
            f.apply(3.0);
            Eventually.until("the first task running", () -> f.status().inProgress() == 1);
            assertThat(javaProcesses()).as("the JVMs while the first result is on its way").hasSizeGreaterThan(0)
                    .noneMatch(this::records);
            f.awaitAll();
            assertThat(f.cacheOnly(3.0)).isEqualTo(6.0);
        }
        classData.awaitAlone("the archive");
    }

    @Test
    void startWorkersPlansTheFirstWorkersClassDataBeforeItsFirstTask() throws Exception {
        String classpath = jarClasspath();
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy)
                .path(root.resolve("cache")).workerClasspath(classpath).build()) {
            assertThat(classData.dir()).as("before startWorkers").doesNotExist();
            f.startWorkers(2);
            // the plan makes the class data's directory: while the caller looks its first task up
            Eventually.until("the class data's directory, with no task queued", () -> Files.isDirectory(classData.dir()));
            assertThat(javaProcesses()).as("no worker without a task").isEmpty();
            f.apply(0.0);
            f.awaitAll();
            assertThat(f.cacheOnly(0.0)).isEqualTo(0.0);
        }
        classData.awaitAlone("the archive");
    }

    /** The arguments of every JVM this one started, and theirs (a trainee runs under sh). */
    private static List<List<String>> javaProcesses() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .map(p -> List.of(p.info().arguments().orElse(new String[0]))).toList();
    }

    /** Whether a JVM records class data into this test's directory (an earlier test's trainee may still run). */
    private boolean records(List<String> arguments) {
        return arguments.stream().anyMatch(a -> a.contains(classData.dir().toString()) && (a.startsWith("-XX:ArchiveClassesAtExit")
                || a.startsWith("-XX:AOTConfiguration") || a.startsWith("-XX:AOTCacheOutput")));
    }

    @Test
    void theFirstRunLeavesAnArchiveThatLaterWorkersMap() throws Exception {
        String classpath = jarClasspath();

        String logged = loggedWhile(() -> {
            try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                    .path(root.resolve("cache")).workerClasspath(classpath).build()) {
                f.startWorkers(1);
                f.apply(1);
                f.awaitAll();
                assertThat(f.cacheOnly(1)).isEqualTo(1);
            }
            // a trainee records it after the first result, in the background, and publishes it as it exits
            classData.awaitAlone("the archive");
        });
        assertThat(logged).as("what the recording JVM says stays off the protocol").doesNotContain("WARN");
        assertThat(list(classData.dir())).singleElement().satisfies(archive -> {
            assertThat(archive.getFileName().toString()).startsWith("worker-").endsWith(EXTENSION);
            assertThat(Files.size(archive)).isPositive();
        });

        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::sleepy2).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(1);
            Eventually.until("the task running", () -> f.status().inProgress() == 1);
            List<String> arguments = ProcessHandle.current().children()
                    .map(p -> List.of(p.info().arguments().orElse(new String[0])))
                    .filter(a -> a.stream().anyMatch(word -> word.startsWith(USE_OPTION))).findFirst().orElseThrow();
            assertThat(arguments).anyMatch(a -> a.startsWith(USE_OPTION + classData.dir()));
            if (AOT) {
                assertThat(aotLog(arguments)).as("the cache made for the worker's own options")
                        .contains("full module graph: enabled").doesNotContain("Mismatched");
            }
            // their values (Integer) are stored without Fory, and their archive goes without it too
            assertThat(archivedClasses(arguments)).doesNotContain("org.apache.fory.Fory ");
            f.awaitAll();
            assertThat(f.cacheOnly(1)).isEqualTo(1);
        }
        assertThat(list(classData.dir())).hasSize(1);
    }

    /** Runs a plain function's one task on {@code classpath} and waits for its workers' archive, alone in its directory. */
    private void recordPlainWorkersArchive(String classpath) throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                .path(root.resolve("cache")).workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(1);
            f.awaitAll();
        }
        classData.awaitAlone("the plain workers' archive");
    }

    @Test
    void theTraineesArchiveHoldsWhatALocalWorkerLoadsBeforeItsFirstJob() throws Exception {
        String classpath = jarClasspath();
        recordPlainWorkersArchive(classpath);

        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::sleepy2).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(1);
            Eventually.until("the worker mapping an archive", () -> mappingWorker().isPresent());
            // every worker checks its code version and opens its started slot before its first job: the trainee too
            assertThat(archivedClasses(mappingWorker().orElseThrow())).contains("io.mppfc.code.CodeFingerprint ",
                    "io.mppfc.code.ClassFiles ", "io.mppfc.protocol.StartedSlot ");
            f.awaitAll();
        }
    }

    @Test
    void workersOfAFunctionWhoseValuesNeedForyRecordAnArchiveOfTheirOwnWithIt() throws Exception {
        String classpath = jarClasspath();
        recordPlainWorkersArchive(classpath);

        try (MultiProcCachedFunction1<Integer, List<Integer>> f = Mppfc.cache(TestFunctions::listed)
                .path(root.resolve("cache")).workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(1);
            f.awaitAll();
            assertThat(f.cacheOnly(1)).isEqualTo(List.of(1));
        }
        classData.awaitArchives("a second archive", 2);

        try (MultiProcCachedFunction1<Integer, List<Integer>> f = Mppfc.cache(TestFunctions::listed)
                .path(root.resolve("cache")).workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(2);
            Eventually.until("the worker mapping an archive", () -> mappingWorker().isPresent());
            assertThat(archivedClasses(mappingWorker().orElseThrow())).contains("org.apache.fory.Fory ");
            f.awaitAll();
        }
    }

    /** The value of {@code method(x)}, computed on one new worker. */
    private Object computedOnAWorker(Method method, String classpath, double x) throws Exception {
        try (MultiProcCachedFunctionN<Object> f = Mppfc.cacheMethod(method).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(x);
            f.awaitAll();
            return f.cacheOnly(x);
        }
    }

    /** The arguments of a worker of this JVM that maps an archive. */
    private static java.util.Optional<List<String>> mappingWorker() {
        return ProcessHandle.current().children().map(p -> List.of(p.info().arguments().orElse(new String[0])))
                .filter(a -> a.stream().anyMatch(word -> word.startsWith(USE_OPTION))).findFirst();
    }

    /** What a JVM with a worker's options and classpath says as it maps the AOT cache. */
    private static String aotLog(List<String> workerArguments) throws Exception {
        return withWorkerOptions(workerArguments, "-Xlog:aot=info", "-version");
    }

    /** The classes in the archive a worker maps, one per line. */
    private static String archivedClasses(List<String> workerArguments) throws Exception {
        return AOT ? withWorkerOptions(workerArguments, "-XX:+PrintSharedArchiveAndExit")
                : withWorkerOptions(workerArguments, "-XX:+PrintSharedArchiveAndExit", "-XX:+PrintSharedDictionary");
    }

    private static String withWorkerOptions(List<String> workerArguments, String... then) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        int cp = workerArguments.indexOf("-cp");
        command.addAll(workerArguments.subList(0, cp));
        command.removeIf(word -> word.startsWith("-Xlog:"));
        command.addAll(List.of("-cp", workerArguments.get(cp + 1)));
        command.addAll(List.of(then));
        Process jvm = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jvm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return said;
    }

    @Test
    void aClasspathWithADirectoryIsRecordedByATraineeAndRunsWithTheJarsFirst() throws Exception {
        // the user's classes in a directory, first, as an IDE or mvn exec:java puts them
        Path classes = CompiledSources.compile(Map.of("demo/Scan.java", """
                package demo;

                public final class Scan {
                    public static double slowSquare(double x) throws InterruptedException {
                        Thread.sleep(1500);
                        return x * x;
                    }

                    public static java.util.List<Double> slowPair(double x) throws InterruptedException {
                        Thread.sleep(1500);
                        return java.util.List.of(x, x);
                    }
                }
                """), root.resolve("classes"));
        String jars = jarClasspath();
        String classpath = classes + File.pathSeparator + jars;
        Method slowSquare = CompiledSources.loader(classes).loadClass("demo.Scan").getMethod("slowSquare", double.class);

        try (MultiProcCachedFunctionN<Object> f = Mppfc.cacheMethod(slowSquare).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(2.0);
            f.awaitAll();
            assertThat(f.cacheOnly(2.0)).isEqualTo(4.0);
        }
        classData.awaitAlone("the trainee's archive");

        try (MultiProcCachedFunctionN<Object> f = Mppfc.cacheMethod(slowSquare).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(3.0);
            Eventually.until("the task running", () -> f.status().inProgress() == 1);
            List<List<String>> workers = ProcessHandle.current().children()
                    .map(p -> List.of(p.info().arguments().orElse(new String[0]))).toList();
            assertThat(workers).anySatisfy(arguments -> {
                assertThat(arguments).anyMatch(a -> a.startsWith(USE_OPTION + classData.dir()));
                assertThat(arguments.get(arguments.indexOf("-cp") + 1)).isEqualTo(jars + File.pathSeparator + classes);
                assertThat(archivedClasses(arguments)).doesNotContain("org.apache.fory.Fory ");
            });
            f.awaitAll();
            assertThat(f.cacheOnly(3.0)).isEqualTo(9.0);
        }

        // the trainee of a function whose values need Fory stores Math.sqrt's Double without it, but sets it up
        Method slowPair = CompiledSources.loader(classes).loadClass("demo.Scan").getMethod("slowPair", double.class);
        assertThat(computedOnAWorker(slowPair, classpath, 2.0)).isEqualTo(List.of(2.0, 2.0));
        classData.awaitArchives("the second trainee's archive", 2);
        try (MultiProcCachedFunctionN<Object> f = Mppfc.cacheMethod(slowPair).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(3.0);
            Eventually.until("the worker mapping an archive", () -> mappingWorker().isPresent());
            assertThat(archivedClasses(mappingWorker().orElseThrow())).contains("org.apache.fory.Fory ");
            f.awaitAll();
            assertThat(f.cacheOnly(3.0)).isEqualTo(List.of(3.0, 3.0));
        }
    }

    @Test
    void aDirectoryHoldingAPackageOfAJarKeepsItsPlaceAndRecordsNothing() throws Exception {
        // io.mppfc.worker is also in a jar: with the jars first, its classes would be found elsewhere
        Path classes = CompiledSources.compile(Map.of("io/mppfc/worker/Shadow.java", """
                package io.mppfc.worker;

                public final class Shadow {
                    public static double twice(double x) {
                        return 2 * x;
                    }
                }
                """), root.resolve("classes"));
        String classpath = classes + File.pathSeparator + jarClasspath();
        Method twice = CompiledSources.loader(classes).loadClass("io.mppfc.worker.Shadow").getMethod("twice",
                double.class);
        try (MultiProcCachedFunctionN<Object> f = Mppfc.cacheMethod(twice).path(root.resolve("cache"))
                .workerClasspath(classpath).build()) {
            f.startWorkers(1);
            f.apply(2.0);
            f.awaitAll();
            assertThat(f.cacheOnly(2.0)).isEqualTo(4.0);
        }
        assertThat(classData.dir()).satisfiesAnyOf(a -> assertThat(a).doesNotExist(), a -> assertThat(a).isEmptyDirectory());
    }

    /**
     * A debugger or profiler agent forbids AppCDS recording, and so does compressed class pointers
     * turned off (found only when the recording worker dies): either way the work is done, by
     * workers without class data, and nothing is logged at WARN.
     */
    @Test
    void workerOptionsThatForbidRecordingClassDataStillGetTheWorkDone() throws Exception {
        String classpath = jarClasspath();
        String debugger = "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0,quiet=y";
        String logged = loggedWhile(() -> {
            for (String option : List.of(debugger, "-XX:-UseCompressedClassPointers")) {
                try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity)
                        .path(root.resolve("cache" + option.length())).workerClasspath(classpath)
                        .workerJvmOptions(option).build()) {
                    f.startWorkers(2);
                    f.apply(1);
                    f.apply(2);
                    f.awaitAll();
                    assertThat(f.cacheOnly(1)).as(option).isEqualTo(1);
                    assertThat(f.cacheOnly(2)).as(option).isEqualTo(2);
                }
                if (!AOT && option.equals(debugger)) {
                    assertThat(classData.dir()).satisfiesAnyOf(a -> assertThat(a).doesNotExist(),
                            a -> assertThat(a).isEmptyDirectory());
                }
            }
        });
        // JDK 25 deprecates -XX:-UseCompressedClassPointers: the JVM's own word on the user's option is fair warning
        assertThat(logged.lines().filter(line -> line.contains("WARN") && !line.contains("was deprecated")))
                .as("warnings besides the JVM's deprecation of an option").isEmpty();
    }

    private interface Action {
        void run() throws Exception;
    }

    /**
     * What SLF4J's simple logger wrote while it ran: under Maven to the build's test log file,
     * elsewhere to whatever System.err is at the time.
     */
    private static String loggedWhile(Action action) throws Exception {
        String logFile = System.getProperty("org.slf4j.simpleLogger.logFile", "System.err");
        if (!logFile.equals("System.err")) {
            Path log = Path.of(logFile);
            long before = Files.exists(log) ? Files.size(log) : 0;
            action.run();
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) before, all.length - (int) before, StandardCharsets.UTF_8);
        }
        PrintStream stderr = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(stderr);
        }
        return logged.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aProgramThatEndsAtOnceStillLeavesItsClassData() throws Exception {
        // on JDK 24+ the AOT cache is made seconds after the worker exits, when this program is gone
        Process program = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dmppfc.cdsDir=" + classData.dir(), TestClassData.AT_NORMAL_PRIORITY, "-cp", System.getProperty("java.class.path"),
                ShortProgram.class.getName(), root.resolve("cache").toString(), jarClasspath())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(program.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(program.exitValue()).isZero();
        classData.awaitAlone("the archive");
    }
}
