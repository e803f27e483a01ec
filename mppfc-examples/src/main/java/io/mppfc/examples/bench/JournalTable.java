package io.mppfc.examples.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The journal benchmark's tables: per path, wall and CPU per operation and the ratios run by run. */
final class JournalTable {

    private JournalTable() {
    }

    /** One path's runs, each {wall ns per op, CPU ns per op}. */
    static final class Samples {
        private final List<double[]> runs = new ArrayList<>();

        void add(double[] run) {
            runs.add(run);
        }

        double[] column(int which) {
            return runs.stream().mapToDouble(r -> r[which]).toArray();
        }

        double[] over(Samples reference, int which) {
            double[] ratio = new double[runs.size()];
            for (int i = 0; i < ratio.length; i++) {
                ratio[i] = runs.get(i)[which] / reference.runs.get(i)[which];
            }
            return ratio;
        }
    }

    static void header() {
        System.out.println("| entries | path | runs | wall µs per op (min / median / max) | CPU µs per op (min / median / max) "
                + "| wall ratio to its reference, run by run (min / median / max) | CPU ratio |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|");
    }

    static void print(int n, Map<String, Samples> rows) {
        Samples misses = rows.get("(a) miss: bare temp write + rename");
        Samples hits = rows.get("(a') hit: SHA-256 + read of the loose file");
        Samples absent = rows.get("(a'') miss check, loose: one stat of an absent entry");
        rows.forEach((what, s) -> {
            Samples reference = what.startsWith("(c'') ") ? absent : what.contains("'") ? hits : misses;
            String ref = what.startsWith("(c'') ") ? "(a'')" : what.contains("'") ? "(a')" : "(a)";
            boolean self = s == reference || s == absent || what.contains("index built");
            System.out.printf(Locale.ROOT, "| %,d | %s | %d | %s | %s | %s | %s |%n", n, what, s.runs.size(),
                    Interleaved.spread(s.column(0), 1e-3, "%.2f"), Interleaved.spread(s.column(1), 1e-3, "%.2f"),
                    self ? "" : Interleaved.spread(s.over(reference, 0), 1, "%.3f×") + " of " + ref,
                    self ? "" : Interleaved.spread(s.over(reference, 1), 1, "%.3f×"));
        });
        Samples cache = rows.get("(b) miss: DiskCache.write");
        for (String which : List.of("(c)", "(c1)", "(d)", "(d64)")) {
            Samples journal = rows.entrySet().stream().filter(e -> e.getKey().startsWith(which + " ")).findFirst()
                    .orElseThrow().getValue();
            System.out.printf(Locale.ROOT, "| %,d | how many times faster than DiskCache.write: (b) / %s | %d | | | %s | %s |%n",
                    n, which, cache.runs.size(), Interleaved.spread(cache.over(journal, 0), 1, "%.0f×"),
                    Interleaved.spread(cache.over(journal, 1), 1, "%.0f×"));
        }
    }
}
