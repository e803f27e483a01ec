package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Argument tuples for prewarm: JSON Lines (one JSON array per line, converted to the method's
 * parameter types) or a static generator method.
 */
final class ArgumentSource {

    /** Reads argument JSON exactly ({@link ArgumentMapper}); also writes the reports. */
    static final ObjectMapper JSON = ArgumentMapper.create();
    /** One value after another from one parser: what follows a value is the next argument. */
    private static final ObjectReader VALUES = JSON.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** How each kind of parameter is written in JSON, for the commands' help. */
    static final String JSON_HELP = "Arguments in JSON, one array per call, by the method's parameter types:%n"
            + "  double, int, long   1.5, 3, 10000000000      (a number; \"5\" is not a number)%n"
            + "  BigDecimal          1.10, 1e400              (exactly as written)%n"
            + "  BigInteger          123456789012345678901234567890 (up to 100000 digits)%n"
            + "  String, enum        \"text\", \"FINE\"           (an enum by its constant's name)%n"
            + "  double[], List<T>   [1.0, 2.5]%n"
            + "  Map<String, T>      {\"a\": 1, \"b\": 2}%n"
            + "  record Params(double x, int n)  {\"x\": 1.5, \"n\": 3}%n"
            + "e.g. slow(Params p, Mode m, double[] w) takes%n"
            + "  [{\"x\": 1.5, \"n\": 3}, \"FINE\", [0.5, 0.5]]%n"
            + "A number is read exactly into the declared type; one that does not fit it%n"
            + "is an error. The lines mppfc ls --json prints are read too.";

    /**
     * One line of input: its number, its text, and its JSON array of arguments (the line itself, or
     * the {@code "arguments"} member of a line that {@code mppfc ls --json} printed).
     */
    record Line(int number, String text, JsonNode array) {
    }

    private ArgumentSource() {
    }

    static List<Line> readJsonLines(Path file) {
        return JsonLines.read(file);
    }

    /** The method among the candidates the first line fits: by arity, then by the conversion of its values. */
    static ResolvedFunction choose(List<Method> candidates, List<Line> lines) {
        if (candidates.size() == 1 || lines.isEmpty()) {
            return single(candidates);
        }
        Line first = lines.get(0);
        List<Method> fitting = new ArrayList<>();
        for (Method m : candidates) {
            ResolvedFunction f = ResolvedFunction.of(m);
            try {
                convert(f, first, "");
                fitting.add(m);
            } catch (UsageException e) {
                // does not fit
            }
        }
        return single(fitting.isEmpty() ? candidates : fitting);
    }

    private static ResolvedFunction single(List<Method> candidates) {
        if (candidates.size() > 1) {
            throw new UsageException("--function is ambiguous: " + candidates.stream().map(ResolvedFunction::signature)
                    .sorted().collect(Collectors.joining(", ")) + "; name one with its parameter types, e.g. "
                    + ResolvedFunction.signature(candidates.get(0)));
        }
        return ResolvedFunction.of(candidates.get(0));
    }

    /** The line's values as the method's parameter types, each read from its text. */
    static Object[] convert(ResolvedFunction function, Line line, String where) {
        JsonNode array = line.array();
        java.lang.reflect.Type[] types = function.parameterTypes();
        if (!function.varargs() && array.size() != types.length) {
            throw new UsageException(where + "line " + line.number() + ": " + Words.count(array.size(), "argument") + ", but "
                    + ResolvedFunction.signature(function.method()) + " takes " + types.length);
        }
        Object[] values = new Object[array.size()];
        try (JsonParser p = JSON.createParser(line.text())) {
            toArguments(p);
            for (int i = 0; i < values.length; i++) {
                p.nextToken();
                long from = p.currentTokenLocation().getCharOffset();
                JavaType type = JSON.getTypeFactory().constructType(function.varargs() ? Object.class : types[i]);
                try {
                    values[i] = VALUES.forType(type).readValue(p);
                } catch (JsonProcessingException e) {
                    // a number as the user wrote it (2e0, 1e400), not as the parser normalised it (2, 1E+400)
                    String shown = array.get(i).isNumber() ? numberText(line.text(), from) : array.get(i).toString();
                    throw new UsageException(where + "line " + line.number() + ", argument " + (i + 1)
                            + JsonProblems.column(e) + ": " + shorten(shown) + " is not "
                            + article(sourceName(type.getRawClass() == Object.class ? Object.class : types[i])) + " ("
                            + JsonProblems.ofValue(e, p.currentToken(), tokenText(p)) + ")");
                }
            }
        } catch (java.io.IOException e) {
            throw new UsageException(where + "line " + line.number() + ": " + e.getMessage()); // read before: not expected
        }
        return values;
    }

    /** Moves the parser onto the arguments' array: the line's own, or the "arguments" of an ls --json line. */
    private static void toArguments(JsonParser p) throws java.io.IOException {
        if (p.nextToken() == JsonToken.START_ARRAY) {
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean arguments = p.currentName().equals("arguments");
            p.nextToken();
            if (arguments) {
                return;
            }
            p.skipChildren();
        }
        throw new java.io.IOException("no arguments array");
    }

    /** A type as Java source writes it: {@code long}, {@code scan.Physics.Params}, {@code java.util.List<java.lang.Double>}. */
    static String sourceName(java.lang.reflect.Type type) {
        if (type instanceof Class<?> c && c.isArray()) {
            return sourceName(c.getComponentType()) + "[]";
        }
        return type.getTypeName().replace('$', '.');
    }

    static String article(String name) {
        return ("aeiouAEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    /** The number starting at {@code from} in the line, as written. */
    private static String numberText(String line, long from) {
        int start = (int) Math.max(0, Math.min(from, line.length()));
        int end = start;
        while (end < line.length() && "0123456789+-.eE".indexOf(line.charAt(end)) >= 0) {
            end++;
        }
        return end > start ? line.substring(start, end) : "?";
    }

    private static String tokenText(JsonParser p) {
        try {
            return p.getText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String shorten(String json) {
        return json.length() > 80 ? json.substring(0, 77) + "..." : json;
    }

    /**
     * Jackson's message, first line only, in the user's terms: no backticks, no JVM names, no
     * hints about Jackson's own settings.
     */
    static String plain(String message) {
        String m = String.valueOf(message);
        int newline = m.indexOf('\n');
        m = newline < 0 ? m : m.substring(0, newline);
        m = m.replaceAll("\\s*\\((set|enable|disable|to allow|but might|but could|through reference chain)[^)]*\\)+", "");
        m = m.replaceAll("\\s*(\\(start marker|at \\[Source:).*$", "");
        m = m.replaceAll(";?\\s*\\w*Feature\\.\\w+ (enabled|disabled).*$", "");
        // the parser's settings, which the user cannot change: "...: enable JsonReadFeature.X to allow"
        m = m.replaceAll(":\\s*enable `?\\w*Feature\\.\\w+`? to allow", "");
        m = m.replaceAll("\\s*\\([^()]*Feature[^()]*\\)", "");
        m = m.replace("`", "").replace('$', '.');
        return m.trim();
    }

    /** Calls a static generator returning {@code Iterable<Object[]>} or {@code Stream<Object[]>}. */
    static List<Object[]> generate(String spec, ClassLoader loader) {
        List<Method> candidates = ResolvedFunction.candidates("--args-from", spec, loader).stream()
                .filter(m -> m.getParameterCount() == 0).toList();
        if (candidates.size() != 1 || !Modifier.isStatic(candidates.get(0).getModifiers())) {
            throw new UsageException("--args-from: " + spec + " must name one static method without parameters");
        }
        Method generator = candidates.get(0);
        generator.setAccessible(true);
        Object produced;
        try {
            produced = generator.invoke(null);
        } catch (InvocationTargetException e) {
            throw new UsageException("--args-from: " + spec + " threw " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new UsageException("--args-from: cannot call " + spec + ": " + e);
        }
        Iterator<?> items;
        if (produced instanceof Stream<?> stream) {
            items = stream.iterator();
        } else if (produced instanceof Iterable<?> iterable) {
            items = iterable.iterator();
        } else {
            throw new UsageException("--args-from: " + spec + " returned " + (produced == null ? "null"
                    : "a " + produced.getClass().getName()) + "; return an Iterable<Object[]> or a Stream<Object[]>");
        }
        List<Object[]> tuples = new ArrayList<>();
        while (items.hasNext()) {
            Object item = items.next();
            if (!(item instanceof Object[] tuple)) {
                throw new UsageException("--args-from: item " + (tuples.size() + 1) + " of " + spec + " is not an Object[]");
            }
            tuples.add(tuple);
        }
        return tuples;
    }
}
