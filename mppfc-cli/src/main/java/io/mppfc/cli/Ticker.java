package io.mppfc.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A line on a terminal saying what a long cache command is doing, redrawn every second once it
 * has run for a second; nothing when the output is not a terminal (CI logs stay short) or the
 * command is quick.
 */
final class Ticker implements AutoCloseable {

    private final PrintWriter err;
    private final String command;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer;
    private volatile String doing = "";
    private volatile boolean drawn;

    private Ticker(PrintWriter err, String command, boolean terminal) {
        this.err = err;
        this.command = command;
        if (terminal) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mppfc-ticker");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleAtFixedRate(this::draw, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    static Ticker start(PrintWriter err, String command) {
        return new Ticker(err, command, Terminal.attached());
    }

    /** What the command is at now, e.g. "com.acme.Physics.slow (2 of 5)". */
    void at(String what) {
        doing = what;
    }

    private synchronized void draw() {
        String line = String.format(Locale.ROOT, "\r%s: %s %s ", command, doing,
                Progress.formatSeconds((System.nanoTime() - start) / 1e9));
        err.print(line);
        err.flush();
        drawn = true;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
