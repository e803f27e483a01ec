package io.mppfc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.mppfc.cache.CodeVersions;
import io.mppfc.function.FunctionKeys;
import io.mppfc.function.FunctionRefs;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A line of {@code mppfc ls --json} read back as arguments: what it says besides its arguments
 * must be true, so an edited line never answers for an entry it does not name.
 */
final class LsJsonLines {

    /** The members ls --json writes, in its order. */
    static final List<String> FIELDS = List.of("key", "arguments", "size", "computeSeconds", "lastUsed", "packed",
            "codeVersion");

    private LsJsonLines() {
    }

    /** Refuses a member ls --json does not write, as a record's unknown field is refused. */
    static void requireKnownFields(JsonNode object, String where) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new UsageException(where + ": unknown field \"" + Terminal.line(name) + "\"; a line of mppfc ls "
                        + "--json has " + String.join(", ", FIELDS));
            }
        }
    }

    /**
     * Checks a line's {@code key} and {@code codeVersion}, where it has them, against the function
     * that reads it.
     *
     * @param tuple the line's arguments, converted to the method's parameter types
     * @param functionDir the function's directory for its current code version
     */
    static void check(ArgumentSource.Line line, ResolvedFunction resolved, String keyVersion, Object[] tuple,
            Path functionDir, String where) {
        JsonNode node = node(line);
        if (node == null) {
            return;
        }
        JsonNode key = node.get("key");
        if (key != null && !key.isNull()) {
            String expected = new FunctionKeys(FunctionRefs.ofStaticMethod(resolved.method()), keyVersion).of(tuple)
                    .hex();
            if (!key.isTextual() || !key.asText().equalsIgnoreCase(expected)) {
                throw new UsageException(where + "line " + line.number() + ": the key does not match the arguments "
                        + "(edited?); remove \"key\" to look up the arguments as they are");
            }
        }
        JsonNode codeVersion = node.get("codeVersion");
        String current = CodeVersions.version(functionDir.getFileName().toString());
        if (codeVersion != null && !(codeVersion.isNull() ? current.isEmpty() : codeVersion.asText().equals(current))) {
            throw new UsageException(where + "line " + line.number() + ": an entry of code version "
                    + (codeVersion.isNull() ? "(untracked)" : Terminal.line(codeVersion.asText()))
                    + ", but the function's code is " + (current.isEmpty() ? "untracked" : "version " + current)
                    + " now; remove \"codeVersion\" to look up the arguments in the current code version");
        }
    }

    private static JsonNode node(ArgumentSource.Line line) {
        try {
            JsonNode node = ArgumentSource.JSON.readTree(line.text());
            return node != null && node.isObject() ? node : null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return null; // read before: not expected
        }
    }
}
