package io.mppfc.protocol;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A failure as text, bounded: the one form in which a function's exception leaves the JVM that
 * caught it, whether a worker sends it in a FAILED frame or a failure record stores it. A
 * message, a trace or a chain of causes of any size or depth (a 10 MB message, 10,000 causes, a
 * cycle, a thousand suppressed exceptions) becomes text of at most {@link #MAX_MESSAGE},
 * {@link #MAX_FRAMES} frames and {@link #MAX_THROWABLES} exceptions a trace, and {@link
 * #MAX_TRACE} characters in all, each cut said where it is made ({@value #CUT}). The trace is
 * the JDK's {@code printStackTrace} layout, written without recursion: printing a 10,000-deep
 * chain the JDK's way overflows the stack of the thread that reports it.
 *
 * @param exceptionClass the exception's class name
 * @param message its message, possibly null
 * @param stackTrace its trace with its causes and suppressed exceptions
 */
public record FailureText(String exceptionClass, String message, String stackTrace) {

    /** Characters of a message kept (and of an exception's first line in a trace). */
    public static final int MAX_MESSAGE = 8 * 1024;
    /** Frames of one exception kept. */
    public static final int MAX_FRAMES = 256;
    /** Exceptions in one trace (the thrown one, its causes and suppressed ones, depth first). */
    public static final int MAX_THROWABLES = 64;
    /** Suppressed exceptions of one exception kept. */
    public static final int MAX_SUPPRESSED = 16;
    /** Characters of a whole trace kept. */
    public static final int MAX_TRACE = 128 * 1024;
    /** Characters of a class name kept (the JVM allows 65,535). */
    public static final int MAX_CLASS_NAME = 1024;
    /** What every cut says, so that a reader never takes a cut text for the whole. */
    public static final String CUT = "cut by mppfc";

    /** Bounds each part, whatever its origin. */
    public FailureText {
        exceptionClass = cut(exceptionClass == null ? "" : exceptionClass, MAX_CLASS_NAME);
        message = message == null ? null : cut(message, MAX_MESSAGE);
        stackTrace = cutTrace(stackTrace == null ? "" : stackTrace);
    }

    /**
     * The text of an exception. Never throws, whatever the exception's own methods do.
     *
     * @param thrown what was thrown
     * @return its class, message and trace, bounded
     */
    public static FailureText of(Throwable thrown) {
        return new FailureText(thrown.getClass().getName(), message(thrown), trace(thrown));
    }

    private static String message(Throwable thrown) {
        try {
            return thrown.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return "(its getMessage() threw " + e.getClass().getName() + ")";
        }
    }

    /**
     * One exception to print, and where: the JDK's {@code printEnclosedStackTrace} arguments; or,
     * with no exception, a line that says what was left out.
     */
    private record Item(Throwable thrown, StackTraceElement[] enclosing, String caption, String prefix) {
        static Item line(String prefix, String text) {
            return new Item(null, null, text, prefix);
        }
    }

    private static String trace(Throwable thrown) {
        StringBuilder out = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Item> todo = new ArrayDeque<>();
        todo.push(new Item(thrown, new StackTraceElement[0], "", ""));
        int printed = 0;
        while (!todo.isEmpty() && out.length() <= MAX_TRACE) {
            Item item = todo.pop();
            Throwable t = item.thrown();
            if (t == null) {
                out.append(item.prefix()).append(item.caption()).append('\n');
                continue;
            }
            if (seen.contains(t)) {
                out.append(item.prefix()).append(item.caption()).append("[CIRCULAR REFERENCE: ").append(header(t))
                        .append("]\n");
                continue;
            }
            if (printed++ == MAX_THROWABLES) {
                out.append(item.prefix()).append("\t... ").append(1 + uncounted(todo, seen, t))
                        .append(" more exceptions (causes and suppressed) ").append(CUT).append('\n');
                break;
            }
            seen.add(t);
            StackTraceElement[] frames = appendOne(out, item);
            Throwable cause = cause(t);
            if (cause != null) {
                todo.push(new Item(cause, frames, "Caused by: ", item.prefix()));
            }
            Throwable[] suppressed = suppressed(t);
            if (suppressed.length > MAX_SUPPRESSED) {
                todo.push(Item.line(item.prefix() + "\t", "... " + (suppressed.length - MAX_SUPPRESSED)
                        + " more suppressed exceptions " + CUT));
            }
            for (int i = Math.min(suppressed.length, MAX_SUPPRESSED) - 1; i >= 0; i--) {
                todo.push(new Item(suppressed[i], frames, "Suppressed: ", item.prefix() + "\t"));
            }
        }
        return out.toString();
    }

    /** Appends an exception's first line and frames, as the JDK does; returns its frames. */
    private static StackTraceElement[] appendOne(StringBuilder out, Item item) {
        StackTraceElement[] frames = frames(item.thrown());
        int m = frames.length - 1;
        for (int n = item.enclosing().length - 1; m >= 0 && n >= 0 && frames[m].equals(item.enclosing()[n]); m--, n--) {
            // frames in common with the enclosing trace are said as "... n more"
        }
        out.append(item.prefix()).append(item.caption()).append(header(item.thrown())).append('\n');
        for (int i = 0; i <= m && i < MAX_FRAMES; i++) {
            out.append(item.prefix()).append("\tat ").append(frames[i]).append('\n');
        }
        if (m + 1 > MAX_FRAMES) {
            out.append(item.prefix()).append("\t... ").append(m + 1 - MAX_FRAMES).append(" frames ").append(CUT)
                    .append('\n');
        }
        if (m < frames.length - 1) {
            out.append(item.prefix()).append("\t... ").append(frames.length - 1 - m).append(" more\n");
        }
        return frames;
    }

    /** The exceptions not printed: those waiting and the causes of {@code next}, each once. */
    private static long uncounted(Deque<Item> todo, Set<Throwable> seen, Throwable next) {
        long count = todo.stream().filter(item -> item.thrown() != null).count();
        Set<Throwable> chain = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = cause(next); c != null && !seen.contains(c) && chain.add(c) && count < 10_000_000;
                c = cause(c)) {
            count++;
        }
        return count;
    }

    private static String header(Throwable t) {
        String text;
        try {
            text = t.toString();
        } catch (RuntimeException | StackOverflowError e) {
            text = t.getClass().getName() + " (its toString() threw " + e.getClass().getName() + ")";
        }
        return cut(text, MAX_CLASS_NAME + MAX_MESSAGE);
    }

    private static StackTraceElement[] frames(Throwable t) {
        try {
            StackTraceElement[] frames = t.getStackTrace();
            return frames == null ? new StackTraceElement[0] : frames;
        } catch (RuntimeException e) {
            return new StackTraceElement[0];
        }
    }

    private static Throwable cause(Throwable t) {
        try {
            return t.getCause();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Throwable[] suppressed(Throwable t) {
        try {
            return t.getSuppressed();
        } catch (RuntimeException e) {
            return new Throwable[0];
        }
    }

    /** Room for a cut's note, so that a cut text is within its bound and cutting it again changes nothing. */
    private static final int NOTE = 120;

    /**
     * At most {@code max} characters: the first ones and a note of the cut; a surrogate pair is
     * never split.
     */
    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - NOTE;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + " ... [" + CUT + ": " + text.length() + " characters, the first " + end
                + " kept]";
    }

    /** A trace is cut at a line's end where it can be, so the lines kept stay whole. */
    private static String cutTrace(String trace) {
        if (trace.length() <= MAX_TRACE) {
            return trace;
        }
        int room = MAX_TRACE - NOTE;
        int end = trace.lastIndexOf('\n', room - 1) + 1;
        end = end < room / 2 ? room : end;
        if (Character.isHighSurrogate(trace.charAt(end - 1))) {
            end--;
        }
        return trace.substring(0, end) + (trace.charAt(end - 1) == '\n' ? "" : "\n") + "\t... [" + CUT
                + ": a trace of " + trace.length() + " characters, the first " + end + " kept]\n";
    }
}
