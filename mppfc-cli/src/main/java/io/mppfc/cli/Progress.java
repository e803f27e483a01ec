package io.mppfc.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/**
 * Progress of a prewarm: a bar redrawn in place on a terminal; in CI (no terminal) one plain
 * line every interval, which keeps logs short.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal = Terminal.attached();
    private final long intervalNanos;
    private long lastPrinted = System.nanoTime();
    private String lastLine = "";

    Progress(PrintWriter out, Duration interval) {
        this.out = out;
        this.intervalNanos = interval.toNanos();
    }

    void update(long done, long failed, int total, long elapsedNanos) {
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? (done + failed) / seconds : 0;
        long left = total - done - failed;
        String eta = rate > 0 ? formatSeconds(left / rate) : "?";
        String counts = String.format(Locale.ROOT, "%d/%d done, %d failed, %.1f tasks/s, ETA %s", done, total, failed,
                rate, eta);
        if (terminal) {
            int filled = total == 0 ? WIDTH : (int) (WIDTH * (done + failed) / total);
            String line = "\r[" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + counts;
            if (!line.equals(lastLine)) {
                out.print(line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
                out.flush();
                lastLine = line;
            }
        } else if (System.nanoTime() - lastPrinted >= intervalNanos) {
            out.println("prewarm: " + counts);
            out.flush();
            lastPrinted = System.nanoTime();
        }
    }

    void finish() {
        if (terminal && !lastLine.isEmpty()) {
            out.println();
            out.flush();
        }
    }

    /** Precise for short times too: a 50 ms task is "50ms", never "0s". */
    static String formatSeconds(double s) {
        if (s < 0.01) {
            return String.format(Locale.ROOT, "%.1fms", s * 1000);
        }
        if (s < 1) {
            return String.format(Locale.ROOT, "%.0fms", s * 1000);
        }
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1fs", s);
        }
        if (s < 120) {
            return String.format(Locale.ROOT, "%.0fs", s);
        }
        if (s < 7200) {
            return String.format(Locale.ROOT, "%.0fm", s / 60);
        }
        return String.format(Locale.ROOT, "%.1fh", s / 3600);
    }
}
