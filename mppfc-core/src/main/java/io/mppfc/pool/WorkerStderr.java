package io.mppfc.pool;

import io.mppfc.protocol.FailureText;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's stderr, read on a thread of its own: each line forwarded to the worker's logger
 * once, in one form whatever said it, the last ones kept for the report of its exit. Lines
 * before the worker is ready are its start's: held until it is ready, then forwarded, or, if it
 * ends before, quoted by the report of its end and never forwarded (a JVM that refuses its
 * options would otherwise say each line twice: as it came, and in the report).
 */
final class WorkerStderr {

    private static final int LINES_KEPT = 20;
    /** Lines held before READY at most: a start that says more (a static initializer printing) is shown as it comes. */
    private static final int HELD_AT_MOST = 200;
    /** No SLF4J provider is bound here: forwarded worker output goes to stderr, not to the no-op logger. */
    private static final boolean WITHOUT_LOGGING =
            LoggerFactory.getILoggerFactory() instanceof org.slf4j.helpers.NOPLoggerFactory;

    private final int index;
    private final Logger log;
    private final Deque<String> lastLines = new ArrayDeque<>();
    /** Lines before the worker was ready, not forwarded yet; null once they were forwarded or dropped. Guarded by itself. */
    private List<WorkerLine> held = new ArrayList<>();
    private final Object heldLock = new Object();

    WorkerStderr(int index, Logger log) {
        this.index = index;
        this.log = log;
    }

    /** Forwards every line until the stream ends. */
    void forward(InputStream stderr) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = boundedLine(lines); line != null; line = boundedLine(lines)) {
                forwardOrHold(WorkerLine.of(line));
                synchronized (lastLines) {
                    if (lastLines.size() == LINES_KEPT) {
                        lastLines.removeFirst();
                    }
                    lastLines.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("worker {} stderr: {}", index, e.toString());
        }
    }

    private void forwardOrHold(WorkerLine line) {
        synchronized (heldLock) {
            if (held != null && held.size() < HELD_AT_MOST) {
                held.add(line);
                return;
            }
        }
        release(); // more than a JVM's refusal says: whatever follows, it is the worker's output
        forward(line);
    }

    /** The worker is ready, or ended without quoting its lines: what it said before is forwarded, in order. */
    void release() {
        synchronized (heldLock) { // held while forwarding: a line read meanwhile waits, and comes after these
            if (held != null) {
                held.forEach(this::forward);
                held = null;
            }
        }
    }

    /** The worker ended before it was ready, and the report of its end quotes what it said: not forwarded again. */
    void dropHeld() {
        synchronized (heldLock) {
            held = null;
        }
    }

    /**
     * One line, once: {@code worker N: <text>} at its own level (see {@link WorkerLine}). Without
     * a provider the same words go to stderr, a warning with the CLI's {@code mppfc: warning:}.
     */
    private void forward(WorkerLine line) {
        String text = shown(line.text());
        if (WITHOUT_LOGGING) {
            if (line.kind() != WorkerLine.Kind.NOTE) { // else nothing a worker says would be seen
                System.err.println((line.kind() == WorkerLine.Kind.WARNING ? "mppfc: warning: " : "") + "worker " + index
                        + ": " + text);
            }
            return;
        }
        switch (line.kind()) {
            case NOTE -> log.debug("worker {}: {}", index, text);
            case SAID -> log.info("worker {}: {}", index, text);
            case WARNING -> log.warn("worker {}: {}", index, text);
        }
    }

    /** What a function printed is data: its control characters are shown, never obeyed by the terminal. */
    private static String shown(String line) {
        return io.mppfc.text.ShownText.line(line, Integer.MAX_VALUE);
    }

    List<String> lastLines() {
        synchronized (lastLines) {
            return new ArrayList<>(lastLines);
        }
    }

    /**
     * The JVM's own notes about the class data the workers record and use (JDK 24 and later print
     * "AOTConfiguration recorded: ..." and "AOTCache creation is complete: ..."; unified logging
     * tags cds and aot): mppfc's doing, not the function's output.
     */
    static boolean isClassDataNote(String line) {
        String s = line.strip();
        return s.startsWith("AOTConfiguration recorded") || s.startsWith("AOTCache creation is complete")
                || s.matches("(\\[[^\\]]*\\])*\\[(cds|aot)[\\],].*");
    }

    /**
     * The next line, cut at {@link FailureText#MAX_MESSAGE} characters: a function printing a
     * gigabyte without a newline must not make one string of it here. Null at the end.
     */
    static String boundedLine(BufferedReader in) throws IOException {
        StringBuilder line = new StringBuilder();
        long length = 0;
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                if (length == 0) {
                    return null;
                }
                break;
            }
            if (length++ < FailureText.MAX_MESSAGE) {
                line.append((char) c);
            }
        }
        int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
        line.setLength(end);
        return length > FailureText.MAX_MESSAGE ? line + " ... [" + FailureText.CUT + ": a line of " + length
                + " characters]" : line.toString();
    }
}
