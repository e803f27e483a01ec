package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a JSON Lines file of argument tuples strictly: one JSON array per line and nothing after
 * it, valid UTF-8, and no line longer than {@link #MAX_LINE_BYTES} (so {@code --args /dev/zero}
 * is an error, not an exhausted heap). Every error names the file and the line.
 */
final class JsonLines {

    static final int MAX_LINE_BYTES = 16 << 20;

    /** Numbers as written (1.10 stays 1.10), for the arity check and for messages. */
    private static final com.fasterxml.jackson.databind.ObjectReader TREE = ArgumentSource.JSON.reader()
            .with(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonLines() {
    }

    static List<ArgumentSource.Line> read(Path file) {
        if (Files.isDirectory(file)) {
            throw new UsageException("--args: " + file + " is a directory, not a JSON Lines file");
        }
        List<ArgumentSource.Line> lines = new ArrayList<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int number = 0;
            boolean more = true;
            while (more) {
                line.reset();
                more = readLine(in, line, file, number + 1);
                number++;
                if (!more && line.size() == 0) {
                    break;
                }
                String text = decode(line.toByteArray(), file, number);
                if (number == 1 && text.startsWith("\uFEFF")) {
                    text = text.substring(1); // the byte order mark some editors write at the start of a UTF-8 file
                }
                if (!text.isBlank()) {
                    lines.add(parse(number, text, file + " line " + number));
                }
            }
        } catch (NoSuchFileException e) {
            String typed = file.toString().strip();
            throw new UsageException("--args: " + Terminal.line(typed) + " does not exist" + (typed.equals("-")
                    ? "; to read the tuples from standard input, give --args /dev/stdin"
                    // get's --args takes the JSON itself; prewarm's names a file of it
                    : typed.startsWith("[") || typed.startsWith("{") ? "; here --args names a file of JSON Lines, one "
                            + "array of arguments per line: write " + Terminal.line(typed) + " into a file, or pipe it "
                            + "with --args /dev/stdin" : ""));
        } catch (IOException e) {
            throw new UsageException("--args: cannot read " + file + ": " + IoProblems.describe(e));
        }
        return lines;
    }

    /** Reads up to a newline; false at the end of the input. */
    private static boolean readLine(InputStream in, ByteArrayOutputStream line, Path file, int number) throws IOException {
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                return true;
            }
            if (line.size() == MAX_LINE_BYTES) {
                throw new UsageException(file + " line " + number + ": longer than " + (MAX_LINE_BYTES >> 20)
                        + " MiB; --args takes a JSON Lines file, one JSON array of arguments per line");
            }
            line.write(b);
        }
        return false;
    }

    private static String decode(byte[] bytes, Path file, int number) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return utf8.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UsageException(file + " line " + number + ": not valid UTF-8; save the file as UTF-8");
        }
    }

    /**
     * One JSON array and nothing after it, or one line of {@code mppfc ls --json} (an object whose
     * {@code "arguments"} is the array).
     */
    static ArgumentSource.Line parse(int number, String text, String where) {
        JsonNode node;
        try {
            node = TREE.readTree(text);
        } catch (JsonProcessingException e) {
            String problem = String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")
                    ? "not one JSON array (something follows the first array)"
                    : JsonProblems.ofText(e);
            throw new UsageException(where + JsonProblems.column(e, text) + ": " + problem
                    + "; write one array of arguments per line, such as [1.5, 3]");
        } catch (NumberFormatException e) {
            // the tree keeps every fraction as a BigDecimal, whose exponent is an int: 1e999999999999
            // is no Java number, and the parser says so without a place, in its own words
            throw new UsageException(where + JsonNumbers.beyondEveryType(text));
        }
        if (node != null && node.isObject() && node.has("arguments")) {
            LsJsonLines.requireKnownFields(node, where);
        }
        JsonNode array = node != null && node.isObject() && node.has("arguments") ? node.get("arguments") : node;
        if (array == null || !array.isArray()) {
            throw new UsageException(where + ": expected a JSON array of arguments, such as [1.5, 3] (or a line of "
                    + "mppfc ls --json), got " + (array == null || array.isMissingNode() ? "nothing"
                            : "a JSON " + array.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        return new ArgumentSource.Line(number, text, array);
    }
}
