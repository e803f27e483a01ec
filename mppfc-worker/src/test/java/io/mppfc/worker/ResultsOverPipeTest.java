package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.MultiProcCachedFunction2;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.launch.WorkerJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Workers that do not write the cache send their results' entries over their pipes, and the
 * coordinator stores them: real worker JVMs, told to use a cache directory that does not exist,
 * which is still missing at the end.
 */
@Timeout(180)
class ResultsOverPipeTest {

    @TempDir
    Path root;

    /** Local JVMs told that the cache is at {@code elsewhere}; on this machine or not, as asked. */
    private static Launcher pointingAt(Path elsewhere, boolean onThisMachine) {
        LocalJvmLauncher local = new LocalJvmLauncher();
        return new Launcher() {
            @Override
            public WorkerCommand command(WorkerJvm jvm) {
                return local.command(jvm);
            }

            @Override
            public String workerCacheDirectory(Path cacheDirectory) {
                return elsewhere.resolve(cacheDirectory.getFileName()).toString();
            }

            @Override
            public boolean runsOnThisMachine() {
                return onThisMachine;
            }
        };
    }

    @Test
    void resultsOf1KB1MBAnd100MBSentByWorkersAskedToAreStoredByTheCoordinator() throws Exception {
        Path notToWrite = root.resolve("workers-cache");
        int[] sizes = {1 << 10, 1 << 20, 100 << 20};
        try (MultiProcCachedFunction1<Integer, byte[]> f = Mppfc.cache(PipeFunctions::bytesOf).path(root.resolve("cache"))
                .resultsOverPipe(true).launcher(pointingAt(notToWrite, true)).workerJvmOptions("-Xmx1g").build()) {
            f.startWorkers(2);
            List<CompletableFuture<byte[]>> results = Stream.of(sizes[0], sizes[1], sizes[2]).map(f::submit).toList();
            for (int i = 0; i < sizes.length; i++) {
                assertThat(results.get(i).get(120, TimeUnit.SECONDS)).isEqualTo(PipeFunctions.bytesOf(sizes[i]));
            }
            f.awaitAll();
            assertThat(f.status().done()).isEqualTo(3);
            for (int size : sizes) {
                assertThat(f.hasKey(size)).as("stored for " + size + " bytes").isTrue();
            }
            assertThat(f.apply(sizes[2])).as("read back from the coordinator's cache").isEqualTo(PipeFunctions.bytesOf(sizes[2]));
            assertThat(temps(f.cacheDir())).isEmpty();
        }
        assertThat(notToWrite).as("the workers wrote nothing where they were told the cache is").doesNotExist();
    }

    @Test
    void manyResultsSentTogetherEachEndWithTheirDoneAndNoWorkerIsReplaced() throws Exception {
        try (MultiProcCachedFunction1<Integer, long[]> f = Mppfc.cache(PipeFunctions::pidIn1KB)
                .path(root.resolve("cache")).resultsOverPipe(true).build()) {
            f.startWorkers(2);
            List<CompletableFuture<long[]>> results = java.util.stream.IntStream.range(0, 200).boxed().map(f::submit)
                    .toList();
            java.util.Set<Long> pids = new java.util.HashSet<>();
            for (int i = 0; i < results.size(); i++) {
                long[] result = results.get(i).get(60, TimeUnit.SECONDS);
                assertThat(result[1]).isEqualTo(i);
                pids.add(result[0]);
            }
            f.awaitAll();
            assertThat(f.status().done()).isEqualTo(200);
            assertThat(pids).as("the two workers, none killed for a protocol error and replaced").hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void aWorkerThatDoesNotSeeTheCacheSendsItsResultsInstead() throws Exception {
        Path notShared = root.resolve("not-mounted-here");
        try (MultiProcCachedFunction1<Integer, byte[]> f = Mppfc.cache(PipeFunctions::bytesOf).path(root.resolve("cache"))
                .launcher(pointingAt(notShared, false)).build()) {
            f.startWorkers(2);
            List<CompletableFuture<byte[]>> results = Stream.of(10, 3000, 70_000).map(f::submit).toList();
            assertThat(results.get(2).get(60, TimeUnit.SECONDS)).isEqualTo(PipeFunctions.bytesOf(70_000));
            f.awaitAll();
            assertThat(f.status().done()).isEqualTo(3);
            assertThat(f.status().failed()).isZero();
            assertThat(f.hasKey(10)).isTrue();
            assertThat(f.hasKey(3000)).isTrue();
        }
        assertThat(notShared).doesNotExist();
    }

    /**
     * The worker's own result, sent after the forgery, passes every check and may be stored before
     * the worker is killed, or the task may run again: either way the forged result is not stored.
     */
    @Test
    void aFailureInAWorkerThatDoesNotSeeTheCacheIsRecordedHereInFailureRecordFormat2() throws Exception {
        Path notShared = root.resolve("not-mounted-here");
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root.resolve("cache"))
                .launcher(pointingAt(notShared, false)).build()) {
            f.startWorkers(1);
            assertThat(f.submit(1)).failsWithin(60, TimeUnit.SECONDS);
            f.awaitAll();
            io.mppfc.cache.failure.FailureRecords.Failure recorded = new io.mppfc.cache.failure.FailureRecords(
                    f.cacheDir()).all().get(0);
            assertThat(recorded.kind()).isEqualTo(io.mppfc.FailureKind.THREW);
            assertThat(recorded.message()).isEqualTo("odd input 1");
            try (Stream<Path> files = Files.list(f.cacheDir().resolve(io.mppfc.cache.failure.FailureRecords.DIRECTORY))) {
                byte[] record = Files.readAllBytes(files.findFirst().orElseThrow());
                assertThat(new String(record, 0, 7, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as("the record's format name").isEqualTo("MPPFCF\u0002");
            }
        }
        assertThat(notShared).as("nothing written where the worker was told the cache is").doesNotExist();
    }

    private static boolean wholeLineIn(Path file) {
        try {
            return Files.readString(file).endsWith("\n");
        } catch (java.io.IOException e) {
            return false; // not made yet
        }
    }

    @Test
    void aResultForATaskTheWorkerWasNotGivenIsAProtocolErrorThatEndsTheWorkerAndNothingOfItIsStored()
            throws Exception {
        Path pids = root.resolve("pids.txt");
        try (MultiProcCachedFunction2<String, Integer, Integer> f = Mppfc.cache(PipeFunctions::forgeResultOfAnotherTask)
                .path(root.resolve("cache")).resultsOverPipe(true).maxRetries(0).build()) {
            f.startWorkers(1);
            CompletableFuture<Integer> result = f.submit(pids.toString(), 5);
            // the file is made before its line is written: a whole line is the pid said
            Eventually.until("the forging worker to say its pid", () -> wholeLineIn(pids));
            long forger = Long.parseLong(Files.readAllLines(pids).get(0));
            Eventually.until("the forging worker killed, its pool still open",
                    () -> ProcessHandle.of(forger).map(p -> !p.isAlive()).orElse(true));
            result.exceptionally(e -> null).get(60, TimeUnit.SECONDS); // stored before the kill, or failed by it
            f.awaitAll();
            try (Stream<Path> files = Files.walk(f.cacheDir())) {
                assertThat(files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
                        .as("no entry of the forged key, no temp file").noneMatch(n -> n.startsWith("7f00"))
                        .noneMatch(n -> n.startsWith(".tmp-"));
            }
        }
    }

    @Test
    void aWorkerKilledInTheMiddleOfA100MBTransferLeavesNoPartialEntryAndTheTaskRunsAgain() throws Exception {
        Path pids = root.resolve("pids.txt");
        int size = 100 << 20;
        try (MultiProcCachedFunction2<String, Integer, byte[]> f = Mppfc.cache(PipeFunctions::bytesAfterSayingPid)
                .path(root.resolve("cache")).resultsOverPipe(true).maxRetries(1).workerJvmOptions("-Xmx1g").build()) {
            f.startWorkers(1);
            CompletableFuture<byte[]> result = f.submit(pids.toString(), size);
            Eventually.until("a partly received entry in the cache", () -> !temps(f.cacheDir()).isEmpty());
            long pid = Long.parseLong(Files.readAllLines(pids).get(0));
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            assertThat(result.get(120, TimeUnit.SECONDS)).isEqualTo(PipeFunctions.bytesOf(size));
            f.awaitAll();
            assertThat(Files.readAllLines(pids)).as("computed twice: once cut off, once stored").hasSize(2);
            assertThat(temps(f.cacheDir())).as("nothing partial left").isEmpty();
        }
    }

    @Test
    void aResultTheCoordinatorsFullDiskCannotHoldFailsItsTaskAndTheWorkerGoesOn() throws Exception {
        Path disk = Files.createDirectory(root.resolve("small-disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        mount.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0,
                "cannot mount a tmpfs here (needs root and mount rights): the full-disk case is skipped");
        try (MultiProcCachedFunction1<Integer, byte[]> f = Mppfc.cache(PipeFunctions::bytesOf).path(disk)
                .resultsOverPipe(true).maxRetries(0).build()) {
            f.startWorkers(1);
            CompletableFuture<byte[]> tooBig = f.submit(4 << 20);
            assertThat(tooBig).failsWithin(60, TimeUnit.SECONDS).withThrowableThat()
                    .satisfies(e -> assertThat(messages(e)).contains("cannot be stored").contains("No space left"));
            assertThat(f.submit(1000).get(60, TimeUnit.SECONDS)).as("the worker carries on")
                    .isEqualTo(PipeFunctions.bytesOf(1000));
            f.awaitAll();
            assertThat(f.hasKey(4 << 20)).isFalse();
            assertThat(temps(f.cacheDir())).isEmpty();
        } finally {
            new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor();
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static List<Path> temps(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList();
        } catch (IOException e) {
            return List.of(); // a directory removed while walked: nothing there
        }
    }
}
