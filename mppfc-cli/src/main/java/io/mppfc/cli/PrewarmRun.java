package io.mppfc.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.cache.codec.ClassNotAllowedException;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.footprint.Footprint;
import io.mppfc.MultiProcCachedFunctionN;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The tasks of one prewarm, their progress, the summary and the JSON report.
 *
 * @param cachedTuples the tuples already cached, not computed
 * @param earlier the failures recorded before this run, by the hex of their arguments' footprint
 * @param skipFailed whether known failures were answered from disk (only then were the others retried by choice)
 * @param ended the tasks in the order they ended, each once
 * @param endings released at each task's end, for {@link #await} to wake at it
 */
record PrewarmRun(MultiProcCachedFunctionN<Object> function, ResolvedFunction resolved, List<PrewarmCommand.Task> tasks,
        List<Object[]> cachedTuples, Map<String, FailureRecords.Failure> earlier, long startNanos, boolean skipFailed,
        java.util.Queue<PrewarmCommand.Task> ended, java.util.concurrent.Semaphore endings) {

    /** A run of these tasks, with the failures recorded before it (read before any worker starts). */
    static PrewarmRun of(MultiProcCachedFunctionN<Object> function, ResolvedFunction resolved,
            List<PrewarmCommand.Task> tasks, List<Object[]> cachedTuples, long startNanos, boolean skipFailed) {
        PrewarmRun run = new PrewarmRun(function, resolved, tasks, cachedTuples, recorded(function), startNanos,
                skipFailed, new java.util.concurrent.ConcurrentLinkedQueue<>(), new java.util.concurrent.Semaphore(0));
        for (PrewarmCommand.Task task : tasks) {
            task.result().whenComplete((value, failure) -> {
                run.ended.add(task);
                run.endings.release();
            });
        }
        return run;
    }

    /** The failures on disk now, by their arguments; none if they cannot be read (the run does not need them). */
    static Map<String, FailureRecords.Failure> recorded(MultiProcCachedFunctionN<Object> function) {
        Map<String, FailureRecords.Failure> byArguments = new HashMap<>();
        try {
            for (FailureRecords.Failure f : new FailureRecords(function.cacheDir(), true).all()) {
                byArguments.put(HexFormat.of().formatHex(f.arguments()), f);
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byArguments;
    }

    /** The hex of a tuple's footprint, as {@link #recorded} keys it; null if it has none. */
    static String footprint(Object[] arguments) {
        try {
            return HexFormat.of().formatHex(Footprint.ofArguments(arguments));
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * A tuple as {@code mppfc ls} and {@code mppfc failures} show it, and as {@code --args} takes it:
     * a JSON array, strings in quotes. Java's own text of the values if it has no footprint.
     */
    static String shown(Object[] arguments) {
        try {
            return Footprint.argumentsAsJson(Footprint.ofArguments(arguments));
        } catch (RuntimeException e) {
            return Arrays.deepToString(arguments);
        }
    }

    int cached() {
        return cachedTuples.size();
    }

    /** Tasks that failed in an earlier run and are computed again in this one. */
    long retriedCount() {
        return retried().size();
    }

    private List<FailureRecords.Failure> retried() {
        return tasks.stream().filter(t -> !t.known()).map(t -> earlier.get(footprint(t.arguments())))
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * What the retried tasks were, such as "1 timeout, 2 errors": said only with --skip-failed, where
     * these are the failures that may not recur (without it, every earlier failure is computed again).
     */
    String retriedKinds() {
        Map<FailureKind, Long> byKind = new java.util.EnumMap<>(FailureKind.class);
        retried().forEach(f -> byKind.merge(f.kind(), 1L, Long::sum));
        return byKind.entrySet().stream().map(e -> Words.count(e.getValue(), retriedNoun(e.getKey())))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A recorded THREW that --skip-failed retries is an Error (or a class not loadable here). */
    private static String retriedNoun(FailureKind kind) {
        return switch (kind) {
            case THREW -> "error";
            case TIMED_OUT -> "timeout";
            case WORKER_DIED -> "worker death";
            case NOT_STORED -> "result not stored";
            case TERMINATED -> "stopped computation";
            case WORKERS_UNAVAILABLE -> "unavailable worker";
        };
    }

    /** Why the retried tasks are computed: plainly, or with what each was when others were skipped. */
    String retriedReason() {
        long retried = retriedCount();
        return skipFailed ? retried + " failed in an earlier run in a way that may not recur, " + retriedKinds()
                + ": computed again" : retried + " failed in an earlier run: computed again";
    }

    /** The first line: what there is to do, and with what. */
    String startLine(int tuples, int workers, String launcher) {
        long known = knownCount();
        long retried = retriedCount();
        return "prewarm " + Terminal.line(function.name()) + ": " + Words.count(tuples, "tuple") + ", " + cached()
                + " already cached, " + (known == 0 ? "" : known + " known to fail (skipped), ")
                + (tasks.size() - known) + " to compute" + (retried == 0 ? "" : " (" + retriedReason() + ")")
                + (tasks.size() == known ? "" : " with " + Words.count(workers, "worker")
                        + launcher);
    }

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

    /**
     * Waits for every task, printing progress; with failFast, until the first failure of this run
     * (the pool has stopped its workers at it; a failure known from an earlier run fails nothing).
     */
    void await(boolean failFast, Progress progress) throws InterruptedException {
        while (true) {
            long done = doneCount();
            long failed = failedCount();
            progress.update(done, failed, tasks.size(), System.nanoTime() - startNanos);
            if (done + failed == tasks.size()) {
                progress.finish();
                return;
            }
            if (failFast && failed > knownCount()) {
                progress.finish();
                function.terminate(Duration.ofSeconds(30)); // what runs elsewhere is stopped already; this waits for it
                return;
            }
            // woken by a task's end, or in time for the next progress line
            if (endings.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                endings.drainPermits();
            }
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
        int timedOut = 0;
        java.util.Map<String, Integer> refusedClasses = new java.util.LinkedHashMap<>();
        for (PrewarmCommand.Task task : tasks) {
            ErroneousFunctionCall failure = task.result().isCompletedExceptionally() ? PrewarmCommand.failure(task) : null;
            if (failure != null && failure.exceptionClass().equals(ClassNotAllowedException.class.getName())) {
                refusedClasses.merge(failure.exceptionMessage(), 1, Integer::sum); // said once per class, below
            } else if (failure != null && failure.kind() == FailureKind.TIMED_OUT) {
                timedOut++; // said once, below: a scan past its timeout fails hundreds alike
            } else if (failure != null && failure.kind() != FailureKind.WORKERS_UNAVAILABLE
                    && listed++ < FAILURES_LISTED) {
                String frame = Traces.firstFrame(failure.remoteStackTrace());
                out.printf("  %s %s: %s%s%s%n", task.known() ? "SKIPPED" : "FAILED",
                        Terminal.line(shown(task.arguments())), Terminal.line(failure.exceptionClass()),
                        failure.exceptionMessage() == null ? "" : ": " + Terminal.line(failure.exceptionMessage()),
                        task.known() ? " (it threw this in an earlier run of this code: a known failure, not run "
                                + "again; `mppfc failures clear` computes it again)" : "");
                if (!frame.isEmpty()) { // a timeout or a death has no frame: no empty line for it
                    out.printf("    %s%n", Terminal.line(frame));
                }
            }
        }
        if (listed > FAILURES_LISTED) {
            out.printf("  ... and %s (--report lists every one)%n", Words.count(listed - FAILURES_LISTED,
                    "more failure"));
        }
        refusedClasses.forEach((message, count) -> out.printf("  FAILED %s: %s%n", Words.count(count, "task"),
                Terminal.line(message)));
        if (timedOut > 0) {
            PrewarmCommand.Task first = firstTimedOut();
            ErroneousFunctionCall failure = PrewarmCommand.failure(first);
            String message = Terminal.line(String.valueOf(failure.exceptionMessage()));
            if (timedOut == 1) {
                out.printf("  TIMED OUT %s: %s%n", Terminal.line(shown(first.arguments())), message);
            } else {
                out.printf("  TIMED OUT %s, the first %s: %s (--report lists every one)%n", Words.count(timedOut, "task"),
                        Terminal.line(shown(first.arguments())), message);
            }
        }
        out.printf("cache: %s%n", Terminal.line(function.cacheDir().toString()));
        out.flush();
    }

    /** The task that timed out first, by the order the tasks ended in. */
    private PrewarmCommand.Task firstTimedOut() {
        return ended.stream().filter(t -> t.result().isCompletedExceptionally())
                .filter(t -> PrewarmCommand.failure(t).kind() == FailureKind.TIMED_OUT).findFirst().orElseThrow();
    }

    String summaryLine() {
        long known = knownCount();
        return String.format(java.util.Locale.ROOT, "prewarm %s: %d computed, %d already cached, %d failed%s, %d not run, "
                + "in %.1f s", Terminal.line(function.name()), doneCount(), cached(), failedCount(),
                known == 0 ? "" : " (" + known + " known from earlier runs, not run again)", notRunCount(),
                wallNanos() / 1e9);
    }

    /** The JSON report; with a shared store, what could not be uploaded to it ({@code sharedNotUploaded}). */
    void writeReport(Path file, Path cacheRoot, io.mppfc.cache.SharedTier.NotUploaded notUploaded) throws IOException {
        ObjectNode report = ArgumentSource.JSON.createObjectNode();
        report.put("function", ResolvedFunction.signature(resolved.method()));
        report.put("cacheRoot", cacheRoot.toAbsolutePath().toString());
        report.put("cacheDirectory", function.cacheDir().toString());
        report.put("total", tasks.size() + cached());
        report.put("alreadyCached", cached());
        report.put("retriedEarlierFailures", retriedCount());
        report.put("computed", doneCount());
        report.put("failed", failedCount());
        report.put("knownFailuresNotRunAgain", knownCount());
        report.put("notRun", tasks.size() - doneCount() - failedCount());
        report.put("wallSeconds", (System.nanoTime() - startNanos) / 1e9);
        if (notUploaded != null) {
            report.put("sharedNotUploaded", notUploaded.count());
        }
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
        UserOutputFile.write(file, ArgumentSource.JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(report), "report");
    }
}
