package io.mppfc.cli;

import io.mppfc.SharedStore;
import io.mppfc.cache.maintenance.SharedInventory;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mppfc status --shared}: what a shared store holds, per function and under it per code
 * version (newest written first): entries loose and packed, packs, bytes, packs without an index
 * (a push under way or killed), and when anything was last written.
 */
final class RemoteStatus {

    private static final String ROW = "%-50s %9s %9s %6s %10s %6s  %-20s%n";

    private RemoteStatus() {
    }

    static int print(SharedStore store, PrintWriter out) throws IOException {
        List<SharedInventory.Summary> summaries = SharedInventory.summarize(store);
        out.println("shared store " + Terminal.line(store.toString()) + ":");
        if (summaries.isEmpty()) {
            out.println("  no results");
            out.flush();
            return 0;
        }
        Map<String, List<SharedInventory.Summary>> functions = new LinkedHashMap<>();
        for (SharedInventory.Summary s : summaries) {
            functions.computeIfAbsent(s.function(), f -> new ArrayList<>()).add(s);
        }
        out.printf(ROW, "function / code version", "loose", "packed", "packs", "size", "half", "last written");
        functions.forEach((function, versions) -> {
            row(out, function, versions.stream().reduce(RemoteStatus::sum).orElseThrow());
            if (versions.stream().anyMatch(v -> !v.codeVersion().isEmpty())) {
                versions.sort(java.util.Comparator.comparing(SharedInventory.Summary::lastWritten).reversed());
                for (SharedInventory.Summary v : versions) {
                    row(out, "  " + (v.codeVersion().isEmpty() ? "untracked" : "code " + v.codeVersion()), v);
                }
            }
        });
        out.flush();
        return 0;
    }

    private static SharedInventory.Summary sum(SharedInventory.Summary a, SharedInventory.Summary b) {
        Instant last = a.lastWritten().isAfter(b.lastWritten()) ? a.lastWritten() : b.lastWritten();
        return new SharedInventory.Summary(a.directory(), a.looseEntries() + b.looseEntries(),
                a.looseBytes() + b.looseBytes(), a.packs() + b.packs(), a.packedEntries() + b.packedEntries(),
                a.packBytes() + b.packBytes(), a.halfPacks() + b.halfPacks(), a.otherObjects() + b.otherObjects(), last);
    }

    private static void row(PrintWriter out, String label, SharedInventory.Summary s) {
        out.printf(ROW, Terminal.line(label, 50), s.looseEntries(), s.packedEntries(), s.packs(), Sizes.format(s.bytes()),
                s.halfPacks(), s.lastWritten().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }
}
