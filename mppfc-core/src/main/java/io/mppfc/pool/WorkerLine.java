package io.mppfc.pool;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of a worker's stderr, told by what said it: the worker's (or the function's) logging,
 * the JVM, a launcher's note, or plain text the function printed. Forwarded once, as
 * {@code worker N: <text>} at the line's own level, so that a reader sees one prefix (the
 * coordinator's logging, {@code mppfc: warning:} in the CLI), the worker's number and the text;
 * never a second thread name, level or logger name from the worker's side.
 *
 * @param kind what the line is
 * @param text what it says, without the worker side's own prefix
 */
record WorkerLine(Kind kind, String text) {

    /** How a line is forwarded. */
    enum Kind {
        /** mppfc's bookkeeping or a debug event: debug level only. */
        NOTE,
        /** Text the function printed, or an info event of the worker's logging. */
        SAID,
        /** A warning or error of the worker's logging, or the JVM's own warning or error. */
        WARNING
    }

    /**
     * slf4j-simple's default form, which the worker's own stderr logging uses too:
     * {@code [thread] LEVEL logger - text}. Thread names may hold spaces and brackets of their own.
     */
    private static final Pattern LOGGED = Pattern.compile(
            "\\[[^\\]]*\\] (ERROR|WARN|INFO|DEBUG|TRACE) [\\p{L}\\p{N}_$.]+ - (.*)", Pattern.DOTALL);

    /**
     * A warning of the JVM or its launcher, whose own word "warning" the forwarded line's level
     * says already: HotSpot's {@code OpenJDK 64-Bit Server VM warning: ...} and the launcher's
     * {@code WARNING: ...} (JEP 498, 472).
     */
    private static final Pattern JVM_WARNING = Pattern.compile("(?:[^:]{0,80} VM warning|WARNING): (.*)", Pattern.DOTALL);

    /** The JVM's errors, kept whole: {@code Error occurred during initialization of VM}, {@code Error: ...}. */
    private static final Pattern JVM_ERROR = Pattern.compile("(?:Error occurred during initialization of VM|Error: "
            + ".*|[^:]{0,80} VM error: .*|Exception in thread \".*)", Pattern.DOTALL);

    /**
     * What the worker's own code writes on stderr outside its logging ({@code Worker}'s notes),
     * whose name the forwarded line's {@code worker N:} says already.
     */
    private static final String WORKER_NOTE = "mppfc worker: ";

    static WorkerLine of(String line) {
        if (io.mppfc.protocol.StartNote.is(line) || WorkerStderr.isClassDataNote(line)) {
            return new WorkerLine(Kind.NOTE, line);
        }
        Matcher logged = LOGGED.matcher(line);
        if (logged.matches()) {
            Kind kind = switch (logged.group(1)) {
                case "ERROR", "WARN" -> Kind.WARNING;
                case "INFO" -> Kind.SAID;
                default -> Kind.NOTE;
            };
            return new WorkerLine(kind, logged.group(2));
        }
        Matcher warning = JVM_WARNING.matcher(line);
        if (warning.matches()) {
            return new WorkerLine(Kind.WARNING, warning.group(1));
        }
        if (JVM_ERROR.matcher(line).matches()) {
            return new WorkerLine(Kind.WARNING, line);
        }
        if (line.startsWith(WORKER_NOTE)) {
            return new WorkerLine(Kind.SAID, line.substring(WORKER_NOTE.length()));
        }
        return new WorkerLine(Kind.SAID, line);
    }
}
