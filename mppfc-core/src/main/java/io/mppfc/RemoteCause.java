package io.mppfc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker's exception rebuilt from its printed stack trace, as Gradle and Bazel report remote
 * failures: it prints as the original class and message, with the worker's frames and its
 * {@code Caused by} chain, so an uncaught {@link ErroneousFunctionCall} shows where the user's
 * code failed. The original class is not instantiated (it may not even exist here).
 */
final class RemoteCause extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern FRAME = Pattern.compile(
            "\\s*at (?:[^/\\s]+/)*([^\\s(]+)\\.([^.\\s(]+)\\((?:([^:)]+)(?::(\\d+))?)?\\)\\s*");
    private static final Pattern MORE = Pattern.compile("\\s*\\.\\.\\. (\\d+) more\\s*");

    private final String header;

    private RemoteCause(String header, RemoteCause cause) {
        super(header, cause, false, true);
        this.header = header;
    }

    @Override
    public String toString() {
        return header; // "java.lang.IllegalArgumentException: negative input -1", as the worker printed it
    }

    /** The exception a printed stack trace describes, or null if the text holds no frame. */
    static RemoteCause parse(String trace) {
        if (trace == null || trace.isBlank()) {
            return null;
        }
        List<String> lines = trace.lines().toList();
        List<Block> blocks = new ArrayList<>();
        Block current = null;
        int depth = 0;
        for (String line : lines) {
            if (line.startsWith("\t\t") || line.strip().startsWith("Suppressed: ")) {
                depth = 1; // suppressed exceptions and their frames: left out
                continue;
            }
            Matcher frame = FRAME.matcher(line);
            Matcher more = MORE.matcher(line);
            if (current != null && depth == 0 && frame.matches()) {
                String file = frame.group(3);
                int number = frame.group(4) == null ? (line.contains("Native Method") ? -2 : -1)
                        : Integer.parseInt(frame.group(4));
                current.frames.add(new StackTraceElement(frame.group(1), frame.group(2),
                        "Native Method".equals(file) || "Unknown Source".equals(file) ? null : file, number));
            } else if (current != null && depth == 0 && more.matches()) {
                current.inherited = Integer.parseInt(more.group(1));
            } else if (current == null || line.startsWith("Caused by: ")) {
                depth = 0;
                current = new Block(line.startsWith("Caused by: ") ? line.substring("Caused by: ".length()) : line);
                blocks.add(current);
            } else if (depth == 0 && current.frames.isEmpty()) {
                current.header.append('\n').append(line); // a message of several lines
            }
        }
        if (blocks.isEmpty() || blocks.get(0).frames.isEmpty()) {
            return null;
        }
        RemoteCause cause = null;
        for (int i = blocks.size() - 1; i >= 0; i--) {
            Block b = blocks.get(i);
            RemoteCause next = new RemoteCause(b.header.toString(), cause);
            List<StackTraceElement> frames = new ArrayList<>(b.frames);
            if (b.inherited > 0 && i > 0) {
                List<StackTraceElement> enclosing = blocks.get(i - 1).frames;
                frames.addAll(enclosing.subList(Math.max(0, enclosing.size() - b.inherited), enclosing.size()));
            }
            next.setStackTrace(frames.toArray(StackTraceElement[]::new));
            cause = next;
        }
        return cause;
    }

    private static final class Block {
        final StringBuilder header;
        final List<StackTraceElement> frames = new ArrayList<>();
        int inherited;

        Block(String header) {
            this.header = new StringBuilder(header);
        }
    }
}
