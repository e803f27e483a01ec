package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // 1.5 for an int is an error, not 1
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** One line of input: its number and its JSON array. */
    record Line(int number, JsonNode array) {
    }

    private ArgumentSource() {
    }

    static List<Line> readJsonLines(Path file) {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            for (String text = in.readLine(); text != null; text = in.readLine()) {
                number++;
                if (text.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    throw new UsageException(file + " line " + number + ": not JSON (" + e.getOriginalMessage() + ")");
                }
                if (!node.isArray()) {
                    throw new UsageException(file + " line " + number + ": expected a JSON array of arguments, got "
                            + node.getNodeType().toString().toLowerCase());
                }
                lines.add(new Line(number, node));
            }
        } catch (NoSuchFileException e) {
            throw new UsageException("--args: " + file + " does not exist");
        } catch (IOException e) {
            throw new UsageException("--args: cannot read " + file + ": " + e.getMessage());
        }
        return lines;
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

    /** The line's values as the method's parameter types. */
    static Object[] convert(ResolvedFunction function, Line line, String where) {
        JsonNode array = line.array();
        if (function.varargs()) {
            Object[] values = new Object[array.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = JSON.convertValue(array.get(i), Object.class);
            }
            return values;
        }
        java.lang.reflect.Type[] types = function.parameterTypes();
        if (array.size() != types.length) {
            throw new UsageException(where + "line " + line.number() + ": " + array.size() + " arguments, but "
                    + ResolvedFunction.signature(function.method()) + " takes " + types.length);
        }
        Object[] values = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            JavaType type = JSON.getTypeFactory().constructType(types[i]);
            try {
                values[i] = JSON.convertValue(array.get(i), type);
            } catch (IllegalArgumentException e) {
                throw new UsageException(where + "line " + line.number() + ", argument " + (i + 1) + ": "
                        + array.get(i) + " is not a " + type.getGenericSignature().replace('/', '.') + " ("
                        + firstLine(e.getMessage()) + ")");
            }
        }
        return values;
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int newline = m.indexOf('\n');
        return newline < 0 ? m : m.substring(0, newline);
    }

    /** Calls a static generator returning {@code Iterable<Object[]>} or {@code Stream<Object[]>}. */
    static List<Object[]> generate(String spec, ClassLoader loader) {
        List<Method> candidates = ResolvedFunction.candidates(spec, loader).stream()
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
