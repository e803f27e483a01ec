package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.failure.FailureRecords;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Per function, and under it per code version: loose and packed entries, their bytes and the
 * disk they occupy, stored computation time, quarantined entries, recorded failures, oldest and
 * newest.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Summarize every function in a cache, "
        + "with the code versions it holds (the one the last run used marked); with --shared, the bucket's "
        + "instead: per function and code version, the results it holds (loose, and in packs), its packs and their "
        + "bytes, packs a push has not finished (no index yet), and when anything of it was last written. Reads "
        + "only: nothing is written here or there.",
        footer = {"", "Examples:", "  mppfc status --cache .cache", "  mppfc status --shared s3://team-bucket/scan"})
final class StatusCommand implements Callable<Integer> {

    private static final String ROW = "%-50s %9s %9s %10s %10s %12s %11s %7s  %-20s  %-20s%n";

    @Mixin
    CacheRootOption root;

    @Mixin
    SharedOptions shared;

    @Spec
    CommandSpec spec;

    /** One code version's directory, summed up. */
    private record Version(String label, CacheInventory.FunctionSummary summary, long failures, Instant lastUsed) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (shared.given()) {
            try (SharedOptions.Opened opened = shared.open()) {
                return RemoteStatus.print(opened.store(), out);
            }
        }
        Path cache = root.existing();
        List<Path> directories = CacheInventory.functionDirectories(cache);
        Map<String, List<Version>> functions = new LinkedHashMap<>();
        try (Ticker ticker = Ticker.start(spec.commandLine().getErr(), "status")) {
            int done = 0;
            for (Path dir : directories) {
                ticker.at(dir.getFileName() + " (" + ++done + " of " + directories.size() + ")");
                String name = dir.getFileName().toString();
                functions.computeIfAbsent(CodeVersions.function(name), f -> new ArrayList<>()).add(version(dir, name));
            }
        }
        out.printf(ROW, "function / code version", "loose", "packed", "size", "on disk", "compute", "quarantined",
                "failed", "oldest", "newest");
        functions.forEach((function, versions) -> {
            print(out, function, total(versions));
            boolean tracked = versions.stream().anyMatch(v -> !v.label().equals("untracked"));
            if (tracked) {
                Version last = versions.stream().max(Comparator.comparing(Version::lastUsed)).orElseThrow();
                versions.sort(Comparator.comparing(Version::lastUsed).reversed());
                for (Version v : versions) {
                    print(out, "  " + v.label() + (v == last ? " (last run)" : ""), v);
                }
            }
        });
        out.flush();
        return 0;
    }

    private static Version version(Path dir, String name) throws IOException {
        String code = CodeVersions.version(name);
        return new Version(code.isEmpty() ? "untracked" : "code " + code, CacheInventory.summarize(dir),
                new FailureRecords(dir).count(), CodeVersions.lastUsed(dir));
    }

    private static Version total(List<Version> versions) {
        long loose = 0;
        long packed = 0;
        long bytes = 0;
        long disk = 0;
        long quarantined = 0;
        long failures = 0;
        Duration compute = Duration.ZERO;
        Instant oldest = null;
        Instant newest = null;
        for (Version v : versions) {
            CacheInventory.FunctionSummary s = v.summary();
            loose += s.looseEntries();
            packed += s.packedEntries();
            bytes += s.bytes();
            disk += s.diskBytes();
            quarantined += s.quarantined();
            failures += v.failures();
            compute = compute.plus(s.computeTime());
            oldest = s.oldest() == null || oldest != null && oldest.isBefore(s.oldest()) ? oldest : s.oldest();
            newest = s.newest() == null || newest != null && newest.isAfter(s.newest()) ? newest : s.newest();
        }
        return new Version("", new CacheInventory.FunctionSummary("", null, loose, packed, bytes, disk, compute,
                quarantined, oldest, newest), failures, null);
    }

    private static void print(PrintWriter out, String label, Version v) {
        CacheInventory.FunctionSummary s = v.summary();
        out.printf(Locale.ROOT, ROW, Terminal.line(label), s.looseEntries(), s.packedEntries(), Sizes.format(s.bytes()),
                Sizes.format(s.diskBytes()), Progress.formatSeconds(s.computeTime().toNanos() / 1e9), s.quarantined(),
                v.failures(), s.oldest() == null ? "-" : s.oldest().toString().substring(0, 19),
                s.newest() == null ? "-" : s.newest().toString().substring(0, 19));
    }
}
