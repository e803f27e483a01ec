package io.mppfc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.cache.ClassNotAllowedException;
import io.mppfc.MultiProcCachedFunctionN;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** The tasks of one prewarm, their progress, the summary and the JSON report. */
record PrewarmRun(MultiProcCachedFunctionN<Object> function, ResolvedFunction resolved, List<PrewarmCommand.Task> tasks,
        int cached, long startNanos) {

    long doneCount() {
        return tasks.stream().filter(t -> t.result().isDone() && !t.result().isCompletedExceptionally()).count();
    }

    long failedCount() {
        return tasks.stream().filter(t -> t.result().isCompletedExceptionally()).count();
    }

    /** Failed at once: a failure recorded by an earlier run, answered from disk (--skip-failed). */
    long knownCount() {
        return tasks.stream().filter(PrewarmCommand.Task::known).count();
    }

    long notRunCount() {
        return tasks.size() - doneCount() - failedCount();
    }

    long wallNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Waits for every task, printing progress; with failFast, stops the workers at the first failure. */
    void await(boolean failFast, Progress progress) throws InterruptedException {
        while (true) {
            long done = doneCount();
            long failed = failedCount();
            progress.update(done, failed, tasks.size(), System.nanoTime() - startNanos);
            if (done + failed == tasks.size()) {
                progress.finish();
                return;
            }
            if (failFast && failed > 0) {
                progress.finish();
                function.terminate(Duration.ofSeconds(30));
                return;
            }
            Thread.sleep(100);
        }
    }

    /** A scan of thousands that all fail the same way needs a few examples, not thousands. */
    private static final int FAILURES_LISTED = 10;

    /**
     * The counts, the first failures and the cache. Tasks failed because no worker could run
     * are not listed one by one: the command says why once.
     */
    void summarize(PrintWriter out) {
        out.println(summaryLine());
        int listed = 0;
        java.util.Map<String, Integer> refusedClasses = new java.util.LinkedHashMap<>();
        for (PrewarmCommand.Task task : tasks) {
            ErroneousFunctionCall failure = task.result().isCompletedExceptionally() ? PrewarmCommand.failure(task) : null;
            if (failure != null && failure.exceptionClass().equals(ClassNotAllowedException.class.getName())) {
                refusedClasses.merge(failure.exceptionMessage(), 1, Integer::sum); // said once per class, below
            } else if (failure != null && failure.kind() != FailureKind.WORKERS_UNAVAILABLE
                    && listed++ < FAILURES_LISTED) {
                out.printf("  FAILED %s: %s: %s%n    %s%n", Arrays.deepToString(task.arguments()), failure.exceptionClass(),
                        failure.exceptionMessage(), Traces.firstFrame(failure.remoteStackTrace()));
            }
        }
        if (listed > FAILURES_LISTED) {
            out.printf("  ... and %d more failures (--report lists every one)%n", listed - FAILURES_LISTED);
        }
        refusedClasses.forEach((message, count) -> out.printf("  FAILED %d task%s: %s%n", count, count == 1 ? "" : "s",
                message));
        out.printf("cache: %s%n", function.cacheDir());
        out.flush();
    }

    String summaryLine() {
        long known = knownCount();
        return String.format(java.util.Locale.ROOT, "prewarm %s: %d computed, %d already cached, %d failed%s, %d not run, "
                + "in %.1f s", function.name(), doneCount(), cached, failedCount(),
                known == 0 ? "" : " (" + known + " known from earlier runs, not run again)", notRunCount(),
                wallNanos() / 1e9);
    }

    void writeReport(Path file, Path cacheRoot) throws IOException {
        ObjectNode report = ArgumentSource.JSON.createObjectNode();
        report.put("function", ResolvedFunction.signature(resolved.method()));
        report.put("cacheRoot", cacheRoot.toAbsolutePath().toString());
        report.put("cacheDirectory", function.cacheDir().toString());
        report.put("total", tasks.size() + cached);
        report.put("alreadyCached", cached);
        report.put("computed", doneCount());
        report.put("failed", failedCount());
        report.put("knownFailuresNotRunAgain", knownCount());
        report.put("notRun", tasks.size() - doneCount() - failedCount());
        report.put("wallSeconds", (System.nanoTime() - startNanos) / 1e9);
        report.put("mppfcVersion", Version.mppfc());
        report.put("javaVersion", System.getProperty("java.version"));
        ArrayNode failures = report.putArray("failures");
        for (PrewarmCommand.Task task : tasks) {
            ErroneousFunctionCall failure = task.result().isCompletedExceptionally() ? PrewarmCommand.failure(task) : null;
            if (failure == null) {
                continue;
            }
            ObjectNode entry = failures.addObject();
            try {
                entry.set("arguments", ArgumentSource.JSON.valueToTree(task.arguments()));
            } catch (IllegalArgumentException e) {
                entry.put("arguments", Arrays.deepToString(task.arguments()));
            }
            entry.put("kind", failure.kind().label());
            entry.put("known", task.known());
            entry.put("exceptionClass", failure.exceptionClass());
            entry.put("message", failure.exceptionMessage());
            entry.put("stackTrace", failure.remoteStackTrace());
        }
        writeAtomically(file, ArgumentSource.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report));
    }

    /** A temp file renamed into place: a full disk leaves the old report (or none), never an empty one. */
    static void writeAtomically(Path file, byte[] bytes) {
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling("." + absolute.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        try {
            Files.write(temp, bytes);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the message below says what failed
            }
            throw new java.io.UncheckedIOException("cannot write the report " + absolute + ": " + e.getMessage(), e);
        }
    }
}
