package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.MultiProcCachedFunction2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Workers that die, hang, shout or misbehave: the pool survives, nothing is lost or hangs. */
@Timeout(180)
class CrashSafetyTest {

    @TempDir
    Path root;

    private static void assertFailsWith(CachedCall call, String exceptionClass, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ErroneousFunctionCall.class, e -> {
            assertThat(e.exceptionClass()).isEqualTo(exceptionClass);
            if (!messagePart.isEmpty()) {
                assertThat(e.exceptionMessage()).contains(messagePart);
            }
        });
    }

    @FunctionalInterface
    interface CachedCall {
        void run();
    }

    private static <A> void runAll(MultiProcCachedFunction1<A, ?> f, List<A> arguments) {
        f.startWorkers(2);
        arguments.forEach(f::apply);
        f.awaitAll();
    }

    @Test
    void systemExitInTheFunctionIsRetriedOnceThenFailsSayingHowTheWorkerDied() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::exitsOnThree).path(root).build()) {
            runAll(f, List.of(1, 2, 3, 4, 5));
            assertThat(f.status().failed()).isEqualTo(1);
            assertThat(f.status().done()).isEqualTo(4);
            assertFailsWith(() -> f.apply(3), "worker died", "exited with code 42");
            assertFailsWith(() -> f.apply(3), "worker died", "tried 2 times");
            assertThat(f.apply(5)).isEqualTo(5);
        }
    }

    /**
     * Between two quick jobs a worker leaves its COMPUTED and STARTED frames in its buffer, so the
     * job that ends the JVM is never said STARTED on the pipe: its started slot names it, and the
     * jobs before it, whose reports died with the process, are neither blamed nor lost. Each of
     * its runs is counted: one death it was not charged with would be a third run.
     */
    @Test
    void aJobEndingItsJvmBetweenQuickJobsIsNamedAndNoOtherJobIsBlamed() throws Exception {
        List<Integer> arguments = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            arguments.add(i);
        }
        Path runs = root.resolve("runs-of-150");
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::haltsOn150).path(root)
                .workerJvmOptions("-Dmppfc.test.haltLog=" + runs).build()) {
            runAll(f, arguments);
            assertThat(Files.readAllLines(runs)).hasSize(2);
            assertThat(f.status().failed()).isEqualTo(1);
            assertThat(f.status().done()).isEqualTo(299);
            assertFailsWith(() -> f.apply(150), "worker died", "exited with code 42");
            assertFailsWith(() -> f.apply(150), "worker died", "tried 2 times");
            for (int i = 0; i < 300; i++) {
                if (i != 150) {
                    assertThat(f.cacheOnly(i)).isEqualTo(i);
                }
            }
        }
    }

    @Test
    void aJvmCrashInTheFunctionFailsThatTaskAndTheOthersComplete() {
        String errorFile = root.resolve("hs_err_pid%p.log").toString();
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::crashTheJvm).path(root)
                .workerJvmOptions("-XX:ErrorFile=" + errorFile, "-XX:-CreateCoredumpOnCrash").build()) {
            runAll(f, List.of(12, 13, 14));
            assertFailsWith(() -> f.apply(13), "worker died", "crashed (a fatal error of its JVM");
            assertFailsWith(() -> f.apply(13), "worker died", "A fatal error has been detected");
            assertThat(f.cacheOnly(12)).isEqualTo(12);
            assertThat(f.cacheOnly(14)).isEqualTo(14);
        }
    }

    @Test
    void workerKilledWithSigkillMidTaskIsReplacedAndTheTaskRetried() throws Exception {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy).path(root).build()) {
            java.util.Set<ProcessHandle> before = ProcessHandle.current().children().collect(
                    java.util.stream.Collectors.toSet());
            f.startWorkers(1);
            f.apply(1.5);
            Eventually.until("the task running", () -> f.status().inProgress() == 1);
            List<ProcessHandle> workers = ProcessHandle.current().children().filter(p -> !before.contains(p)).toList();
            assertThat(workers).hasSize(1);
            workers.get(0).destroyForcibly();
            f.awaitAll();
            assertThat(f.cacheOnly(1.5)).isEqualTo(3.0);
            assertThat(f.status().failed()).isZero();
            assertThat(workers.get(0).isAlive()).isFalse();
        }
    }

    @Test
    void outOfMemoryInAWorkerFailsThatTaskOnlyAndTheWorkerIsReplaced() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::allocate).path(root)
                .workerJvmOptions("-Xmx64m").build()) {
            runAll(f, List.of(400, 1, 2));
            assertFailsWith(() -> f.apply(400), "java.lang.OutOfMemoryError", "workerJvmOptions");
            assertThat(f.cacheOnly(1)).isEqualTo(1);
            assertThat(f.cacheOnly(2)).isEqualTo(2);
        }
    }

    @Test
    void stackOverflowIsAnOrdinaryFailure() {
        try (MultiProcCachedFunction1<Long, Long> f = Mppfc.cache(TestFunctions::recurse).path(root).build()) {
            runAll(f, List.of(100_000_000L, 10L));
            assertFailsWith(() -> f.apply(100_000_000L), "java.lang.StackOverflowError", "");
            assertThat(f.cacheOnly(10L)).isEqualTo(10L);
        }
    }

    @Test
    void printlnHeavyFunctionsCannotCorruptTheProtocol() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::chatty).path(root).build()) {
            runAll(f, List.of(1, 2, 3, 4));
            for (int i = 1; i <= 4; i++) {
                assertThat(f.cacheOnly(i)).isEqualTo(10 * i);
            }
        }
    }

    @Test
    void bytesWrittenToTheNativeStdoutAreSkipped() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::scribbleOnStdout).path(root).build()) {
            runAll(f, List.of(1, 2, 3, 4, 5, 6));
            for (int i = 1; i <= 6; i++) {
                assertThat(f.cacheOnly(i)).isEqualTo(i + 1);
            }
            assertThat(f.status().failed()).isZero();
        }
    }

    @Test
    void taskRunningPastTheTimeoutIsKilledAndFailed() {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy).path(root)
                .taskTimeout(Duration.ofMillis(500)).build()) {
            runAll(f, List.of(30.0, 0.1, 0.2));
            assertFailsWith(() -> f.apply(30.0), "timeout", "task timeout of 500ms");
            assertThat(f.cacheOnly(0.1)).isEqualTo(0.2);
            assertThat(f.cacheOnly(0.2)).isEqualTo(0.4);
        }
    }

    /** The timeout bounds the function, not the store of its result (a big value, a slow disk). */
    @Test
    void storingAResultLongerThanTheTaskTimeoutIsNotATimeout() {
        try (MultiProcCachedFunction1<Integer, TestFunctions.SlowToStore> f = Mppfc.cache(TestFunctions::slowToStore)
                .path(root).allowClasses(TestFunctions.SlowToStore.class).taskTimeout(Duration.ofMillis(1000))
                .build()) {
            long start = System.nanoTime();
            runAll(f, List.of(1, 2));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("each store took")
                    .isGreaterThan(Duration.ofMillis(TestFunctions.STORE_MILLIS));
            assertThat(f.status().failed()).isZero();
            assertThat(f.cacheOnly(1).value()).isEqualTo(1);
            assertThat(f.cacheOnly(2).value()).isEqualTo(2);
        }
    }

    @Test
    void twentyThousandTrivialTasksOnTwoWorkersAllComplete() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(root).build()) {
            f.startWorkers(2);
            for (int i = 0; i < 20_000; i++) {
                f.apply(i);
            }
            f.awaitAll();
            assertThat(f.status().done()).isEqualTo(20_000);
            for (int i = 0; i < 20_000; i += 997) {
                assertThat(f.cacheOnly(i)).isEqualTo(i);
            }
        }
    }

    @Test
    void concurrentApplyFromEightThreadsQueuesEachKeyOnce() throws Exception {
        Path log = root.resolve("calls.log");
        try (MultiProcCachedFunction2<String, Integer, Integer> f = Mppfc.cache(TestFunctions::counted).path(root).build()) {
            f.startWorkers(2);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> callers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    callers.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            f.apply(log.toString(), i);
                        }
                    }));
                }
                for (Future<?> c : callers) {
                    c.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            f.awaitAll();
            assertThat(f.status().issuedTotal()).isEqualTo(200);
            assertThat(Files.readAllLines(log)).hasSize(200).doesNotHaveDuplicates();
        }
    }

    @Test
    void argumentsArriveAsTheTypesTheMethodDeclares() {
        try (MultiProcCachedFunction2<String[], TreeMap<String, Integer>, String> f =
                Mppfc.cache(TestFunctions::joined).path(root).build()) {
            TreeMap<String, Integer> weights = new TreeMap<>(java.util.Map.of("b", 2, "a", 1));
            f.startWorkers(1);
            assertThat(f.apply(new String[] {"x", "y"}, weights)).isNull();
            f.awaitAll();
            assertThat(f.cacheOnly(new String[] {"x", "y"}, weights)).isEqualTo("x+ya");
        }
    }

    @Test
    void whenNoWorkerCanRunTheWaitingFuturesFailWithTheReasonInsteadOfHanging() throws Exception {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(root)
                .workerJvmOptions("-XX:+NoSuchOption").build()) {
            f.startWorkers(1);
            List<java.util.concurrent.CompletableFuture<Integer>> futures = List.of(f.submit(1), f.submit(2), f.submit(3));
            for (var future : futures) {
                assertThatThrownBy(() -> future.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(ErroneousFunctionCall.class)
                        .hasMessageContaining("workers unavailable").hasMessageContaining("NoSuchOption");
            }
            assertThat(f.hasKey(1)).isFalse();
        }
    }

    @Test
    void aBadWorkerJvmOptionStopsTheRunWithTheJvmsOwnMessage() {
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(root)
                .workerJvmOptions("-XX:+NoSuchOption").build()) {
            f.startWorkers(1);
            f.apply(1);
            assertThatThrownBy(f::awaitAll).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("worker 1's JVM did not start (exit code 1), and none would")
                    .hasMessageContaining("Unrecognized VM option 'NoSuchOption'");
        }
    }

    @Test
    void startWorkersRefusesAClassPathWithoutTheFunctionsClassSayingWhereItIs() {
        String coreOnly = System.getProperty("java.class.path").replaceAll("[^:]*test-classes[^:]*:?", "");
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(root)
                .workerClasspath(coreOnly).build()) {
            assertThatThrownBy(() -> f.startWorkers(1)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("class io.mppfc.worker.TestFunctions is not on the workers' class path")
                    .hasMessageContaining("test-classes");
            assertThat(f.apply(7)).as("computed here").isEqualTo(7);
        }
    }

    @Test
    void workersThatCannotFindTheFunctionStopTheRunWithTheReason() {
        // a class path naming another machine's jar: startWorkers cannot tell what it holds, the workers can
        String coreOnly = System.getProperty("java.class.path").replaceAll("[^:]*test-classes[^:]*:?", "")
                + java.io.File.pathSeparator + "/on/another/machine/app.jar";
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(root)
                .workerClasspath(coreOnly).build()) {
            f.startWorkers(1);
            f.apply(1);
            assertThatThrownBy(f::awaitAll).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("io.mppfc.worker.TestFunctions").hasMessageContaining("not on the classpath");
        }
    }
}
