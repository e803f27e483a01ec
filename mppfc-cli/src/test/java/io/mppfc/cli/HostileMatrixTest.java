package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.s3.S3ProxyServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-tree matrix: for each kind of file and directory of the layout ({@link LayoutKind}),
 * each hostile variant ({@link HostileVariant}) planted there, and every API call and command run
 * against it under a deadline. {@code mvn verify} runs a sample that plants every kind and every
 * variant at least once; {@code -Dmppfc.matrix=full} (scripts/fault-suite) runs every cell and
 * writes the counts to {@code target/hostile-matrix.md}. The kinds only a cache used with a shared
 * store has ({@link LayoutKind#shared()}) run with one, an s3proxy in this JVM: every variant of
 * theirs is in the sample, met by the API with the store and by every command with {@code --shared}.
 */
class HostileMatrixTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    /** Every kind and every variant at least once, and each case issue 26 reported. */
    private static final List<Map.Entry<LayoutKind, HostileVariant>> SAMPLE = List.of(
            Map.entry(LayoutKind.PACK, HostileVariant.FIFO),
            Map.entry(LayoutKind.PACK, HostileVariant.SYMLINK_OUTSIDE),
            Map.entry(LayoutKind.LAST_USED, HostileVariant.FIFO),
            Map.entry(LayoutKind.MAINTENANCE_LOCK, HostileVariant.FIFO),
            Map.entry(LayoutKind.MAINTENANCE_LOCK, HostileVariant.DANGLING_SYMLINK),
            Map.entry(LayoutKind.CODE_DIRECTORY, HostileVariant.SYMLINK_OUTSIDE),
            Map.entry(LayoutKind.CODE_FILE, HostileVariant.GARBAGE),
            Map.entry(LayoutKind.FUNCTION_DIRECTORY, HostileVariant.SYMLINK_INSIDE),
            Map.entry(LayoutKind.LAYOUT_FILE, HostileVariant.HUGE_SPARSE),
            Map.entry(LayoutKind.ENTRY_DIRECTORY, HostileVariant.DIRECTORY),
            Map.entry(LayoutKind.LOOSE_ENTRY, HostileVariant.TRUNCATED),
            Map.entry(LayoutKind.LOOSE_ENTRY, HostileVariant.DEVICE),
            Map.entry(LayoutKind.TEMP_FILE, HostileVariant.EMPTY),
            Map.entry(LayoutKind.PACKS_DIRECTORY, HostileVariant.DANGLING_SYMLINK),
            Map.entry(LayoutKind.FAILURES_DIRECTORY, HostileVariant.FUTURE_TIME),
            Map.entry(LayoutKind.FAILURE_RECORD, HostileVariant.FIFO),
            Map.entry(LayoutKind.QUARANTINE_DIRECTORY, HostileVariant.SYMLINK_OUTSIDE),
            Map.entry(LayoutKind.CODE_FILE, HostileVariant.COPIED_FROM_OTHER_KEY),
            Map.entry(LayoutKind.LOOSE_ENTRY, HostileVariant.COPIED_FROM_OTHER_KEY),
            Map.entry(LayoutKind.FAILURE_RECORD, HostileVariant.COPIED_FROM_OTHER_KEY),
            Map.entry(LayoutKind.CACHE_MARKER, HostileVariant.SYMLINK_OUTSIDE),
            Map.entry(LayoutKind.IN_USE, HostileVariant.FIFO),
            Map.entry(LayoutKind.PACK_LAST_USE, HostileVariant.GARBAGE),
            Map.entry(LayoutKind.CLEARING_LEFTOVER, HostileVariant.SYMLINK_OUTSIDE),
            Map.entry(LayoutKind.REMOVING_LEFTOVER, HostileVariant.SYMLINK_OUTSIDE),
            Map.entry(LayoutKind.REMOVING_LEFTOVER, HostileVariant.FIFO),
            Map.entry(LayoutKind.LOOSE_ENTRY, HostileVariant.UNREADABLE));

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();

    @TempDir
    Path dir;

    @Test
    void noCellOfTheMatrixGivesAWrongValueHangsRunsOutOfMemoryWritesOutsideLosesAnEntryOrPrintsATrace()
            throws Exception {
        List<Map.Entry<LayoutKind, HostileVariant>> cells = "full".equals(System.getProperty("mppfc.matrix"))
                ? everyCell(false) : SAMPLE;
        List<MatrixCell.Result> results = run(cells);
        MatrixCounts total = results.stream().map(MatrixCell.Result::counts).reduce(MatrixCounts.NONE,
                MatrixCounts::plus);
        Files.writeString(Path.of("target", "hostile-matrix.md"), report(results, total));
        assertClean(results, total);
    }

    @Test
    void everyVariantAtTheSharedStoresPlacesIsMetByEveryCallAndCommandWithTheStoreAndNothingGoesWrong()
            throws Exception {
        List<MatrixCell.Result> results;
        for (String[] property : SharedBucket.credentials()) {
            System.setProperty(property[0], property[1]);
        }
        try {
            results = run(everyCell(true));
        } finally {
            for (String[] property : SharedBucket.credentials()) {
                System.clearProperty(property[0]);
            }
        }
        MatrixCounts total = results.stream().map(MatrixCell.Result::counts).reduce(MatrixCounts.NONE,
                MatrixCounts::plus);
        Files.writeString(Path.of("target", "hostile-matrix-shared.md"), report(results, total));
        assertClean(results, total);
        Set<String> uploaded = server.objects().stream().map(o -> o.substring(0, o.indexOf('/')))
                .collect(Collectors.toSet());
        for (int n = 0; n < results.size(); n++) {
            if (results.get(n).skipped() == null) {
                assertThat(uploaded).as("cell %d's calls and commands reached its store", n).contains("cell-" + n);
            }
        }
    }

    private List<MatrixCell.Result> run(List<Map.Entry<LayoutKind, HostileVariant>> cells) throws Exception {
        Cell template;
        PrintStream out = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            template = Cell.template(dir.resolve("template"));
        } finally {
            System.setOut(out);
        }
        List<MatrixCell.Result> results = new ArrayList<>();
        int n = 0;
        for (Map.Entry<LayoutKind, HostileVariant> c : cells) {
            String name = "cell-" + n++;
            SharedBucket bucket = c.getKey().shared() ? new SharedBucket(server, name) : null;
            results.add(MatrixCell.run(template, dir.resolve(name), c.getKey(), c.getValue(), DEADLINE, bucket));
        }
        return results;
    }

    private static void assertClean(List<MatrixCell.Result> results, MatrixCounts total) {
        String wrongCells = results.stream().filter(r -> !r.counts().clean())
                .map(r -> r.kind() + " x " + r.variant() + ": " + r.counts().summary() + "\n    " + String.join("\n    ",
                        r.notes()))
                .collect(Collectors.joining("\n"));
        assertThat(wrongCells).as(total.summary()).isEmpty();
        assertThat(results).as("cells run").anyMatch(r -> r.skipped() == null);
    }

    /** Every variant at every kind that has (or has not) a shared store. */
    private static List<Map.Entry<LayoutKind, HostileVariant>> everyCell(boolean shared) {
        List<Map.Entry<LayoutKind, HostileVariant>> all = new ArrayList<>();
        for (LayoutKind kind : LayoutKind.values()) {
            if (kind.shared() != shared) {
                continue;
            }
            for (HostileVariant variant : HostileVariant.values()) {
                all.add(Map.entry(kind, variant));
            }
        }
        return all;
    }

    /** A table: a row per kind, a column per variant; 0 where all counts are, else what was found. */
    private static String report(List<MatrixCell.Result> results, MatrixCounts total) {
        Map<LayoutKind, Map<HostileVariant, String>> table = new EnumMap<>(LayoutKind.class);
        List<String> skips = new ArrayList<>();
        for (MatrixCell.Result r : results) {
            String cell = r.skipped() != null ? "–" : r.counts().clean() ? "0" : "**" + r.counts().faults() + "**";
            table.computeIfAbsent(r.kind(), k -> new EnumMap<>(HostileVariant.class)).put(r.variant(), cell);
            if (r.skipped() != null) {
                skips.add(r.kind() + " x " + r.variant() + ": " + r.skipped());
            }
        }
        StringBuilder s = new StringBuilder("| kind \\ variant |");
        for (HostileVariant v : HostileVariant.values()) {
            s.append(' ').append(v.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(" |");
        }
        s.append("\n|---|").append("---|".repeat(HostileVariant.values().length)).append('\n');
        table.forEach((kind, row) -> {
            s.append("| ").append(kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')).append(" |");
            for (HostileVariant v : HostileVariant.values()) {
                s.append(' ').append(row.getOrDefault(v, " ")).append(" |");
            }
            s.append('\n');
        });
        s.append("\nTOTAL ").append(total.cells()).append(" cells, ").append(skips.size()).append(" not applicable; ")
                .append(total.summary()).append('\n');
        for (String skip : skips) {
            s.append("\n- ").append(skip);
        }
        return s.append('\n').toString();
    }
}
