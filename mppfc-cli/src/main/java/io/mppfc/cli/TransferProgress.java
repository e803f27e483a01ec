package io.mppfc.cli;

import io.mppfc.cache.maintenance.SharedProgress;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress of a push or pull, in bytes: a bar redrawn in place on a terminal, nothing
 * otherwise (a CI log gets the summary lines only). At most ten redraws a second.
 */
final class TransferProgress implements SharedProgress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final String verb;
    private final boolean terminal;
    private final AtomicLong planned = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private long drawnAt;
    private String lastLine = "";

    TransferProgress(PrintWriter err, String verb, boolean terminal) {
        this.err = err;
        this.verb = verb;
        this.terminal = terminal;
    }

    static TransferProgress on(PrintWriter err, String verb) {
        return new TransferProgress(err, verb, Terminal.attached());
    }

    @Override
    public void planned(long bytes) {
        planned.addAndGet(bytes);
        draw(false);
    }

    @Override
    public void done(long bytes) {
        done.addAndGet(bytes);
        draw(false);
    }

    private synchronized void draw(boolean always) {
        if (!terminal || (!always && System.nanoTime() - drawnAt < REDRAW_NANOS)) {
            return;
        }
        drawnAt = System.nanoTime();
        long total = planned.get();
        long moved = Math.min(done.get(), total);
        int filled = total == 0 ? WIDTH : (int) (WIDTH * moved / total);
        String line = "\r" + verb + " [" + "=".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + Sizes.format(moved)
                + " of " + Sizes.format(total);
        err.print(line + " ".repeat(Math.max(0, lastLine.length() - line.length())));
        err.flush();
        lastLine = line;
    }

    /** Draws the last state and ends the line, on a terminal. */
    synchronized void finish() {
        if (terminal && !lastLine.isEmpty()) {
            draw(true);
            err.println();
            err.flush();
        }
    }
}
