package io.mppfc.cli;

import io.mppfc.CacheBuilder;
import io.mppfc.ErroneousFunctionCall;
import io.mppfc.MultiProcCachedFunctionN;
import io.mppfc.NumProc;
import io.mppfc.launch.Launcher;
import io.mppfc.protocol.DurationText;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Computes every argument tuple not yet cached, with worker processes: for CI and batch jobs. */
@Command(name = "prewarm", mixinStandardHelpOptions = true,
        description = "Compute every argument tuple that is not cached yet, with worker processes. With --shared, "
                + "a tuple the bucket holds is not computed, and every result computed here is uploaded to it.",
        footer = {"", "Exit codes: 0 all cached, 1 some tasks failed, 2 bad usage or input (also a --jvm-option the "
                + "workers' JVM refuses, and a --shared bucket that does not exist or refuses the credentials), 3 all cached but some results not uploaded to "
                + "--shared (they stay in the local cache: the next run with --shared uploads them), 130 interrupted.", "",
                "Examples:",
                "  mppfc prewarm --function com.acme.Physics::slow --classpath app.jar \\",
                "      --args grid.jsonl",
                "  mppfc prewarm --function com.acme.Physics::slow --classpath app.jar \\",
                "      --args-from com.acme.Grid::points --workers -1 --report prewarm.json",
                "  mppfc prewarm --function com.acme.Physics::slow --classpath /shared/app.jar \\",
                "      --cache /shared/cache --args grid.jsonl --launcher slurm \\",
                "      --slurm-partition compute --slurm-time 2h --workers 64",
                "  mppfc prewarm ... --launcher ssh --hosts node1,node2 --workers 8",
                "", "grid.jsonl holds one JSON array of arguments per line, e.g. [1.5, 3] for slow(double, int).",
                "", ArgumentSource.JSON_HELP})
final class PrewarmCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--args", paramLabel = "FILE", description = "JSON Lines: one JSON array of arguments per line.")
        Path jsonLines;

        @Option(names = "--args-from", paramLabel = "CLASS::METHOD",
                description = "A static method returning Iterable<Object[]> or Stream<Object[]>.")
        String generator;
    }

    @Mixin
    FunctionOptions function;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    LauncherOptions launcherOptions;

    @Mixin
    SharedOptions sharedOptions;

    @Option(names = "--workers", paramLabel = "N",
            description = "Worker processes: a count, -1 for all cores but one, a fraction such as 0.5, or all "
                    + "(default: all on this machine; a count is required with --launcher slurm or ssh).")
    String workers;

    @Option(names = "--report", paramLabel = "FILE", description = "Write a JSON report (for CI artifacts).")
    Path report;

    @Option(names = "--junit-report", paramLabel = "FILE",
            description = "Write a JUnit XML report: a test case per tuple, cached ones included (CI test "
                    + "reporters show it).")
    Path junitReport;

    @Option(names = "--summary-markdown", paramLabel = "FILE",
            description = "Append a short Markdown summary, e.g. to $GITHUB_STEP_SUMMARY.")
    Path summaryMarkdown;

    @Option(names = "--skip-failed", description = "Answer the failures recorded by earlier runs of the same code from "
            + "the cache instead of computing them again; they are reported, and only new failures make the exit code 1.")
    boolean skipFailed;

    @Option(names = "--stale-after", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Compute again the results stored longer ago than this, e.g. 7d, 12h.")
    Duration staleAfter;

    @Option(names = "--cachedir-tag", description = "Also write a CACHEDIR.TAG into the cache root, so that backup "
            + "tools skip it: for results cheap to compute again.")
    boolean cacheDirTag;

    @Option(names = "--shared-with-group", paramLabel = "GROUP", description = "Make a new cache a team's: the root "
            + "belongs to GROUP, its directories are setgid and group-writable (2770), its files 0660, so every member "
            + "reads and adds results. Later commands and programs keep to a team's cache without this option.")
    String group;

    @Option(names = "--fail-fast", description = "Stop at the first failed task: no task starts after it, and tasks "
            + "running on other workers then are stopped. Each worker takes one task at a time, so none has started "
            + "another by the time its failure is known.")
    boolean failFast;

    @Option(names = "--task-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Kill and fail a task running longer, e.g. 30s, 10m, 2h.")
    Duration taskTimeout;

    @Option(names = "--compress", paramLabel = "LEVEL", arity = "0..1", fallbackValue = "3",
            description = "Store the results compressed with zstd (level 1 fastest to 19 smallest; 3 if no level "
                    + "is given). Worth it for large, compressible results.")
    Integer compressionLevel;

    @Option(names = "--results-over-pipe", description = "Every worker sends its results to this process, which "
            + "stores them, instead of writing the cache itself (a worker that does not see the cache does anyway).")
    boolean resultsOverPipe;

    @Option(names = "--jvm-option", paramLabel = "OPTION", description = "An option for each worker JVM, e.g. -Xmx8g.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--progress-interval", paramLabel = "DURATION", defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often a progress line is printed when not on a terminal (default: ${DEFAULT-VALUE}).")
    Duration progressInterval;

    @Spec
    CommandSpec spec;

    /** One tuple to compute, and what became of it. */
    record Task(Object[] arguments, CompletableFuture<Object> result, boolean known) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (taskTimeout != null && (taskTimeout.isZero() || taskTimeout.isNegative())) {
            throw new UsageException("--task-timeout: give a positive duration such as 30s or 10m, got "
                    + DurationText.of(taskTimeout));
        }
        if (progressInterval.isZero()) { // a line at every look at the tasks, ten a second
            throw new UsageException("--progress-interval: give a positive duration such as 5s or 1m, got "
                    + DurationText.of(progressInterval));
        }
        // the reports are written at the end: a path that cannot be written is said before hours of work
        UserOutputFile.requireWritable(report, "--report");
        UserOutputFile.requireWritable(junitReport, "--junit-report");
        UserOutputFile.requireWritable(summaryMarkdown, "--summary-markdown");
        Launcher launcher = launcherOptions.launcher();
        if (workers == null && !launcher.runsOnThisMachine()) {
            throw new UsageException("--workers: give a count of workers with --launcher "
                    + launcherOptions.kind.name().toLowerCase(java.util.Locale.ROOT) + ", e.g. --workers 16");
        }
        String workerCount = workers == null ? "all" : workers;
        NumProc count;
        int workerTotal; // what the start line says: 0, -1, all and 0.5 are shares of the cores, not counts
        try {
            count = NumProc.parse(workerCount);
            if (launcher.runsOnThisMachine()) {
                // more workers than cores is bad input: said now, before a tuple is read or a line printed
                workerTotal = count.resolve(Runtime.getRuntime().availableProcessors());
            } else {
                workerTotal = count.resolveWithoutCores(launcher.toString());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--workers: " + e.getMessage().replaceFirst("^number of workers: ", ""));
        }
        launcherOptions.requireProgram();
        ClassLoader loader = function.loader();
        List<Method> candidates = ResolvedFunction.candidates(function.function, loader);
        ResolvedFunction resolved;
        List<Object[]> tuples = new ArrayList<>();
        List<ArgumentSource.Line> lines = List.of();
        if (source.jsonLines != null) {
            lines = ArgumentSource.readJsonLines(source.jsonLines);
            resolved = ArgumentSource.choose(candidates, lines);
            for (ArgumentSource.Line line : lines) {
                tuples.add(ArgumentSource.convert(resolved, line, source.jsonLines + " "));
            }
        } else {
            tuples = ArgumentSource.generate(source.generator, loader);
            int arity = tuples.isEmpty() ? -1 : tuples.get(0).length;
            List<Method> fitting = candidates.stream().filter(m -> m.getParameterCount() == arity).toList();
            resolved = ArgumentSource.choose(fitting.isEmpty() ? candidates : fitting, List.of());
        }
        if (tuples.isEmpty()) {
            // exit 0 (nothing is missing), but an empty grid in CI is more often a bug than a plan
            spec.commandLine().getErr().println("mppfc prewarm: warning: " + Terminal.line(source.jsonLines != null
                    ? source.jsonLines + " holds no argument tuples (no line with an array)"
                    : source.generator + " returned no argument tuples") + ": nothing to compute");
            spec.commandLine().getErr().flush();
        }
        function.requireCacheOrNew();
        CacheBuilder<MultiProcCachedFunctionN<Object>> builder = function.builder(resolved)
                .workerJvmOptions(jvmOptions.toArray(String[]::new)).launcher(launcher).cacheDirTag(cacheDirTag)
                .resultsOverPipe(resultsOverPipe);
        if (group != null) {
            TeamOption.prepare(function.cache, group);
            builder.sharedWithGroup(group);
        }
        if (compressionLevel != null) {
            if (compressionLevel < 1 || compressionLevel > 19) {
                throw new UsageException("--compress: a zstd level is 1 (fastest) to 19 (smallest), got " + compressionLevel);
            }
            builder.compress(compressionLevel);
        }
        if (taskTimeout != null) {
            builder.taskTimeout(taskTimeout);
        }
        if (staleAfter != null) {
            if (staleAfter.isZero() || staleAfter.isNegative()) {
                throw new UsageException("--stale-after: give a positive duration such as 7d or 12h, got "
                        + DurationText.of(staleAfter));
            }
            builder.staleAfter(staleAfter);
        }
        builder.skipKnownFailures(skipFailed);
        builder.failFast(failFast); // the pool stops at the failure itself: no task starts after it
        long start = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        String broken = null;
        String jvmRefused = null;
        try (SharedOptions.Opened shared = sharedOptions.open();
                MultiProcCachedFunctionN<Object> f = GetCommand.withShared(builder, shared).build()) {
            for (int i = 0; i < lines.size(); i++) {
                LsJsonLines.check(lines.get(i), resolved, function.keyVersion, tuples.get(i), f.cacheDir(),
                        source.jsonLines + " ");
            }
            List<Task> tasks = new ArrayList<>();
            List<Object[]> cached = new ArrayList<>();
            for (Object[] tuple : tuples) {
                if (f.hasKey(tuple)) {
                    cached.add(tuple);
                } else {
                    CompletableFuture<Object> result = f.submit(tuple);
                    // with --skip-failed, a recorded failure is the one answer that comes before any worker starts
                    tasks.add(new Task(tuple, result, skipFailed && result.isCompletedExceptionally()));
                }
            }
            PrewarmRun run = PrewarmRun.of(f, resolved, tasks, cached, start, skipFailed);
            if (!tasks.isEmpty()) {
                out.println(run.startLine(tuples.size(), workerTotal,
                        launcher.runsOnThisMachine() ? "" : ": " + launcher));
                out.flush();
            }
            if (run.knownCount() < tasks.size()) { // known failures alone need no worker
                AtomicBoolean finished = new AtomicBoolean();
                Thread onInterrupt = new Thread(() -> interrupted(run, finished), "mppfc-prewarm-interrupt");
                Runtime.getRuntime().addShutdownHook(onInterrupt);
                try {
                    f.startWorkers(count);
                    run.await(failFast, new Progress(out, progressInterval));
                    try {
                        f.awaitAll();
                    } catch (io.mppfc.pool.WorkerJvmRefusedException e) {
                        jvmRefused = e.jvmSaid(); // bad input: the options given, or the class path
                    } catch (IllegalStateException e) {
                        broken = e.getMessage(); // no worker can run it; every task has failed saying so
                    }
                } finally {
                    // an error on the way out is that error, exit 1 or 2: not an interrupt, exit 130
                    finished.set(true);
                    try {
                        Runtime.getRuntime().removeShutdownHook(onInterrupt);
                    } catch (IllegalStateException shuttingDown) {
                        // Ctrl-C came first: the hook says what was done and ends the JVM
                    }
                }
            }
            // the uploads end with the run: what is not uploaded is said, and decides the exit code
            io.mppfc.cache.SharedTier.NotUploaded notUploaded = null;
            if (shared.store() != null) {
                f.awaitAll();
                notUploaded = io.mppfc.cache.SharedTier.notUploaded(shared.store());
            }
            run.summarize(out);
            if (notUploaded != null && notUploaded.count() > 0) {
                out.println("shared: " + Words.count(notUploaded.count(), "result") + " not uploaded to "
                        + Terminal.line(sharedOptions.where()) + " (" + Terminal.line(String.valueOf(notUploaded.reason()))
                        + "); they stay in the local cache, and the next run with --shared uploads them");
                out.flush();
            }
            if (broken != null) {
                spec.commandLine().getErr().println("mppfc prewarm: " + (run.doneCount() == 0 ? "no task could run: "
                        : "the workers stopped: ") + Terminal.line(broken, 4000));
            }
            if (jvmRefused != null) {
                // what the JVM said, once: each start's lines were held back, and no second start was made
                spec.commandLine().getErr().println("mppfc prewarm: the workers' JVM does not start"
                        + (jvmOptions.isEmpty() ? "" : " with --jvm-option " + Terminal.line(String.join(" ", jvmOptions)))
                        + ": " + Terminal.line(jvmRefused, 4000) + (run.doneCount() == 0 ? "; no task was run" : ""));
            }
            if (report != null) {
                run.writeReport(report, function.cache, notUploaded);
            }
            PrewarmReports reports = new PrewarmReports(run, startedAt);
            if (junitReport != null) {
                reports.writeJUnit(junitReport);
            }
            if (summaryMarkdown != null) {
                reports.appendMarkdown(summaryMarkdown);
            }
            if (jvmRefused != null) {
                return MppfcCli.USAGE;
            }
            return run.failedCount() > run.knownCount() ? MppfcCli.FAILED
                    : notUploaded != null && notUploaded.count() > 0 ? MppfcCli.NOT_UPLOADED : 0;
        }
    }

    /** Ctrl-C or SIGTERM: stop the workers, say what was done, exit 130. No entry is ever half written. */
    private void interrupted(PrewarmRun run, AtomicBoolean finished) {
        if (finished.get()) {
            return;
        }
        // counted before the workers stop: the tasks they were running are interrupted, not failed
        long failed = run.failedCount();
        run.function().terminate(Duration.ofSeconds(10));
        PrintWriter err = spec.commandLine().getErr();
        if (Terminal.attached()) {
            err.println(); // below the progress bar and the ^C the terminal echoed; a log gets no empty line
        }
        err.printf("mppfc prewarm: interrupted; %d of %d computed, %d failed, %d interrupted; the rest is not cached%n",
                run.doneCount(), run.tasks().size(), failed, run.failedCount() - failed);
        err.flush();
        Runtime.getRuntime().halt(130);
    }

    /** A task's failure, as the report and the summary tell it. */
    static ErroneousFunctionCall failure(Task task) {
        try {
            task.result().join();
            return null;
        } catch (CompletionException e) {
            if (e.getCause() instanceof ErroneousFunctionCall call) {
                return call;
            }
            return new ErroneousFunctionCall("prewarm", e.getCause().getClass().getName(), e.getCause().getMessage(),
                    Traces.of(e.getCause()), e.getCause());
        }
    }
}
