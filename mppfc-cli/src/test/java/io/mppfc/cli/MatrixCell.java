package io.mppfc.cli;

import io.mppfc.CacheMissException;
import io.mppfc.ErroneousFunctionCall;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.files.Fifos;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one cell of the hostile-tree matrix: plants a variant at a kind's place in a copy of the
 * filled cache, then runs every API call and every command against it, each under a deadline,
 * in this JVM (the commands through picocli's entry point), counting what the promise forbids.
 */
final class MatrixCell {

    private static final Pattern STACK_TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|Exception in thread");

    private final Cell cell;
    private final LayoutKind kind;
    private final HostileVariant variant;
    private final Duration deadline;
    /** Null: no shared store. */
    private final SharedBucket bucket;
    private final List<String> notes = new ArrayList<>();
    private int calls;
    private int wrong;
    private int errors;
    private int hangs;
    private int outOfMemory;
    private int stackTraces;
    private int unclear;
    private int refused;

    private MatrixCell(Cell cell, LayoutKind kind, HostileVariant variant, Duration deadline, SharedBucket bucket) {
        this.cell = cell;
        this.kind = kind;
        this.variant = variant;
        this.deadline = deadline;
        this.bucket = bucket;
    }

    /** The outcome of a cell: its counts, what went wrong in words, or why it was skipped. */
    record Result(LayoutKind kind, HostileVariant variant, MatrixCounts counts, List<String> notes, String skipped) {
    }

    /**
     * Runs a cell; with a {@code bucket} every call and command that can be given a shared store is
     * (and {@code push} and {@code pull} run too).
     */
    static Result run(Cell template, Path dir, LayoutKind kind, HostileVariant variant, Duration deadline,
            SharedBucket bucket) throws Exception {
        Cell cell = template.copyTo(dir);
        kind.leave(cell);
        Path at = kind.locate(cell);
        String skipped = variant.plant(cell, kind, at);
        if (skipped != null) {
            return new Result(kind, variant, MatrixCounts.NONE, List.of(), skipped);
        }
        return new MatrixCell(cell, kind, variant, deadline, bucket).runAll(at);
    }

    private Result runAll(Path at) throws Exception {
        Object planted = fileKey(at);
        Map<String, String> outsideBefore = snapshot();
        runApi();
        runCommands(false);
        // what the plant took with it may be gone; everything else must still be there. A directory
        // planted where a directory belongs stays: mppfc may have put valid results in it since
        if (variant != HostileVariant.FUTURE_TIME && planted != null && planted.equals(fileKey(at))
                && !(kind.directory() && Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS))) {
            HostileVariant.remove(at);
        }
        int lost = lost();
        runCommands(true);
        Map<String, String> outsideAfter = snapshot();
        int outside = 0;
        for (String path : union(outsideBefore, outsideAfter)) {
            if (!Objects.equals(outsideBefore.get(path), outsideAfter.get(path))) {
                outside++;
                notes.add("outside the cache changed: " + path + " " + outsideBefore.get(path) + " -> "
                        + outsideAfter.get(path));
            }
        }
        return new Result(kind, variant, new MatrixCounts(1, calls, wrong, errors, hangs, outOfMemory, outside, lost,
                stackTraces, unclear, refused), List.copyOf(notes), null);
    }

    private void runApi() {
        if (bucket == null) {
            runApi(call("build()", () -> Cell.build(cell.root())));
            return;
        }
        try (var store = bucket.store()) {
            runApi(call("build() with a shared store", () -> Cell.build(cell.root(), store)));
        }
    }

    private void runApi(Object built) {
        if (!(built instanceof MultiProcCachedFunction1<?, ?>)) {
            refusedOrError("build()", built);
            return;
        }
        @SuppressWarnings("unchecked")
        MultiProcCachedFunction1<Integer, Integer> f = (MultiProcCachedFunction1<Integer, Integer>) built;
        for (int k : new int[] {Cell.LOOSE_VICTIM, Cell.LOOSE_OTHER, 0, 7, Cell.FAILING_VICTIM}) {
            answer("hasKey(" + k + ")", call("hasKey(" + k + ")", () -> f.hasKey(k)), null);
            answer("cacheOnly(" + k + ")", call("cacheOnly(" + k + ")", () -> f.cacheOnly(k)), k);
            answer("apply(" + k + ")", call("apply(" + k + ")", () -> f.apply(k)), k);
            answer("calculationTime(" + k + ")", call("calculationTime(" + k + ")", () -> f.calculationTime(k)), null);
        }
        answer("update(5)", call("update(5)", () -> f.update(Cell.LOOSE_VICTIM)), Cell.LOOSE_VICTIM);
        answer("setResult(6, 6)", call("setResult(6, 6)", () -> {
            f.setResult(Cell.LOOSE_OTHER, true, Cell.LOOSE_OTHER);
            return null;
        }), null);
        answer("close()", call("close()", () -> {
            f.close();
            return null;
        }), null);
    }

    /** Checks an API call's answer: the function's value (the argument itself), or the failure of a negative one. */
    private void answer(String what, Object result, Integer expected) {
        if (result instanceof Hung || result instanceof OutOfMemoryError) {
            return; // counted
        }
        if (result instanceof Throwable t) {
            if (t instanceof ErroneousFunctionCall e && expected != null && e.getMessage() != null
                    && !e.getMessage().contains("negative input " + expected)) {
                wrong++; // another argument's recorded failure
                notes.add(what + " answered with another call's failure: " + e.getMessage());
                return;
            }
            boolean fine = t instanceof CacheMissException
                    && (what.startsWith("cacheOnly") || what.startsWith("calculationTime"))
                    || (t instanceof ErroneousFunctionCall || t instanceof IllegalArgumentException) && expected != null
                            && expected < 0;
            if (!fine) {
                errors++;
                notes.add(what + " threw " + t);
            }
            return;
        }
        if (expected != null && result != null && !(result instanceof Boolean) && !expected.equals(result)
                && !(result instanceof Duration)) {
            wrong++;
            notes.add(what + " answered " + result + ", not " + expected);
        }
        if (expected != null && expected < 0 && result instanceof Integer) {
            wrong++;
            notes.add(what + " answered " + result + " for an argument whose call fails");
        }
    }

    private void refusedOrError(String what, Object result) {
        if (result instanceof Hung || result instanceof OutOfMemoryError) {
            return;
        }
        if (result instanceof Throwable t && t.getMessage() != null && !t.getMessage().isBlank()) {
            refused++;
            notes.add(what + " refused: " + t.getMessage());
        } else {
            errors++;
            notes.add(what + " gave " + result);
        }
    }

    private void runCommands(boolean changing) throws IOException {
        String root = cell.root().toString();
        if (!changing) {
            command(shared("ls", "--cache", root));
            command(shared("ls", "--cache", root, "--function", Cell.FUNCTION, "--json"));
            command(shared("status", "--cache", root));
            get(Cell.LOOSE_VICTIM);
            get(0);
            command("failures", "--cache", root);
            command("verify", "--cache", root);
            command("pack", "--cache", root);
            // gc without a limit only says what it needs: these make it collect (evicting nothing valid)
            command("gc", "--cache", root, "--older-than", "3650d");
            command("gc", "--cache", root, "--keep-code-versions", "1");
            if (bucket != null) {
                command(shared("push", "--cache", root));
                command(shared("pull", "--cache", root));
            }
            return;
        }
        Path args = Files.writeString(cell.dir().resolve("args.jsonl"), "[5]\n[0]\n");
        command(shared("prewarm", "--function", Cell.FUNCTION, "--classpath", CliProcess.FIXTURES, "--cache", root,
                "--args", args.toString(), "--workers", "1"));
        if (bucket != null) {
            command(shared("pull", "--cache", root));
        }
        command("clear", "--cache", root, "--function", Cell.FUNCTION, "--yes");
    }

    /** The command's words, with the cell's shared store when it has one. */
    private String[] shared(String... args) {
        if (bucket == null) {
            return args;
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(bucket.options());
        return all.toArray(String[]::new);
    }

    private void get(int k) {
        Object result = command(shared("get", "--function", Cell.FUNCTION, "--classpath", CliProcess.FIXTURES, "--cache",
                cell.root().toString(), "--args", "[" + k + "]"));
        if (result instanceof Output o && o.exit() == 0 && !o.out().strip().equals(Integer.toString(k))) {
            wrong++;
            notes.add("get [" + k + "] printed " + o.out().strip());
        }
    }

    private record Output(int exit, String out) {
    }

    private Object command(String... args) {
        return call("mppfc " + String.join(" ", args), () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PrintStream previous = System.out;
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            try {
                return new Output(MppfcCli.run(args), out.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(previous);
            }
        });
    }

    private record Hung(String what) {
    }

    /** Runs one call under the deadline with stderr captured; a stuck call's FIFOs are released so it ends. */
    private Object call(String what, Callable<?> body) {
        calls++;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream previous = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        Object result;
        CompletableFuture<Object> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(body.call());
            } catch (Throwable t) {
                done.complete(t);
            }
        }, "matrix-call");
        thread.setDaemon(true);
        try {
            thread.start();
            try {
                result = done.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                hangs++;
                notes.add(what + " did not finish within " + deadline.toSeconds() + " s");
                releaseFifos();
                try {
                    done.get(10, TimeUnit.SECONDS);
                } catch (TimeoutException stillStuck) {
                    notes.add(what + " still stuck after its FIFOs were released");
                }
                result = new Hung(what);
            }
        } catch (Exception e) {
            result = e;
        } finally {
            System.setErr(previous);
        }
        if (result instanceof OutOfMemoryError) {
            outOfMemory++;
            notes.add(what + " ran out of memory");
        }
        String printed = err.toString(StandardCharsets.UTF_8) + (result instanceof Output o ? o.out() : "");
        if (STACK_TRACE.matcher(printed).find()) {
            stackTraces++;
            notes.add(what + " printed a stack trace: " + printed.lines().limit(3).toList());
        } else if (result instanceof Output o && o.exit() != 0) {
            saidWhy(what, o, err.toString(StandardCharsets.UTF_8));
        }
        return result;
    }

    /**
     * A command that failed says why in one line of its own (warnings aside); {@code verify}'s
     * exit 1 for damage found says so in its report instead.
     */
    private void saidWhy(String what, Output o, String err) {
        List<String> said = err.lines().filter(l -> !l.isBlank() && !l.matches("mppfc( [a-z-]+)*: warning: .*")).toList();
        boolean reported = said.isEmpty() && !o.out().isBlank();
        if (said.size() == 1 && said.get(0).startsWith("mppfc") || reported) {
            refused++;
        } else {
            unclear++;
            notes.add(what + " exited " + o.exit() + " saying " + said);
        }
    }

    private void releaseFifos() {
        try (Stream<Path> walk = Files.walk(cell.dir())) {
            walk.forEach(Fifos::release);
        } catch (IOException | java.io.UncheckedIOException e) {
            notes.add("cannot look for FIFOs to release: " + e);
        }
    }

    /** Valid results the plant did not hold, looked for through a fresh function object: each must still be there. */
    private int lost() {
        int lost = 0;
        Object built = call("build() to count losses", () -> Cell.build(cell.root()));
        if (!(built instanceof MultiProcCachedFunction1<?, ?>)) {
            notes.add("cannot open the cache to count losses: " + built);
            return (int) Cell.ALL_KEYS.stream().filter(k -> !kind.victims().contains(k)).count();
        }
        @SuppressWarnings("unchecked")
        MultiProcCachedFunction1<Integer, Integer> f = (MultiProcCachedFunction1<Integer, Integer>) built;
        for (int k : Cell.ALL_KEYS) {
            if (kind.victims().contains(k) || k == Cell.LOOSE_VICTIM) {
                continue;
            }
            Object value = call("cacheOnly(" + k + ") after", () -> f.cacheOnly(k));
            if (!Integer.valueOf(k).equals(value)) {
                lost++;
                notes.add("the valid result of " + k + " is gone: " + value);
            }
        }
        call("close() after", () -> {
            f.close();
            return null;
        });
        return lost;
    }

    private Map<String, String> snapshot() throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(cell.outside())) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                seen.put(p.toString(), (a.isDirectory() ? "dir" : a.size() + " bytes") + " @" + a.lastModifiedTime());
            }
        }
        try (Stream<Path> list = Files.list(cell.dir())) {
            list.filter(p -> !p.equals(cell.root()) && !p.equals(cell.outside())
                    && !p.getFileName().toString().equals("args.jsonl")).forEach(p -> seen.put(p.toString(), "beside"));
        }
        return seen;
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        TreeMap<String, String> all = new TreeMap<>(a);
        all.putAll(b);
        return new ArrayList<>(all.keySet());
    }

    private static Object fileKey(Path at) {
        try {
            return Files.readAttributes(at, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
