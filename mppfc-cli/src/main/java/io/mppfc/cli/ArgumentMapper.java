package io.mppfc.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How argument JSON becomes Java values, exactly: a number is read from its text straight into
 * the declared type ({@code 1.10} stays {@code BigDecimal} 1.10, a {@code double} is the nearest
 * double to the text, as {@code Double.parseDouble} gives), a value that does not fit is an
 * error, never rounded, wrapped or infinite. What {@code mppfc ls --json} prints is read back:
 * a record's {@code "@record"} member names its class, a map whose keys are not strings is a list
 * of {@code [key, value]} pairs, and the infinities and NaN are the strings Java writes for them.
 */
final class ArgumentMapper {

    /**
     * The longest number read, in digits: a {@code BigInteger} argument of about 330,000 bits.
     * Longer ones are refused saying so (Jackson's default, 1,000, is short for BigInteger work).
     */
    static final int MAX_NUMBER_DIGITS = 100_000;
    /** The deepest nesting read; a cache key holds at most 256 levels anyway. */
    static final int MAX_NESTING = 1_000;

    private ArgumentMapper() {
    }

    static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_DIGITS)
                        .maxNestingDepth(MAX_NESTING).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // {"x": 1, "x": 2} is an error
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        SimpleModule exact = new SimpleModule("mppfc-exact-numbers");
        exact.addDeserializer(double.class, new FloatingPoint<>(false, double.class));
        exact.addDeserializer(Double.class, new FloatingPoint<>(false, Double.class));
        exact.addDeserializer(float.class, new FloatingPoint<>(true, float.class));
        exact.addDeserializer(Float.class, new FloatingPoint<>(true, Float.class));
        exact.addDeserializer(String.class, new Text());
        exact.addDeserializer(byte.class, new ByteValue());
        exact.addDeserializer(Byte.class, new ByteValue());
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // 1.5 for an int is an error, not 1
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // "5" for a long is an error, not 5
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES) // a record's field left out
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS) // [1] [2] on one line is an error
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .addModule(exact)
                .addHandler(new LsOutput())
                .build();
    }

    /**
     * double and float from the number's text: never infinite for a finite text. The strings
     * "NaN", "Infinity" and "-Infinity" are what Java (and {@code mppfc ls}) write for the others.
     */
    private static final class FloatingPoint<T> extends JsonDeserializer<T> {

        private final boolean single;
        private final Class<T> type;

        FloatingPoint(boolean single, Class<T> type) {
            this.single = single;
            this.type = type;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            String text = p.getText();
            double value;
            if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                value = single ? Float.parseFloat(text) : Double.parseDouble(text);
                if (Double.isInfinite(value)) {
                    throw InvalidFormatException.from(p, "outside the range of " + (single ? "float" : "double")
                            + "; a BigDecimal parameter takes any number", text, type);
                }
            } else if (t == JsonToken.VALUE_STRING && (text.equals("NaN") || text.equals("Infinity")
                    || text.equals("-Infinity"))) {
                value = Double.parseDouble(text);
            } else {
                return (T) ctxt.handleUnexpectedToken(type, p);
            }
            Object boxed = single ? (Object) Float.valueOf((float) value) : (Object) Double.valueOf(value);
            return (T) boxed;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T getNullValue(DeserializationContext ctxt) throws com.fasterxml.jackson.databind.JsonMappingException {
            if (type.isPrimitive()) {
                throw MismatchedInputException.from(ctxt.getParser(), type, "null is not a number");
            }
            return null;
        }
    }

    /**
     * A String is a JSON string. Jackson takes {@code 5} or {@code true} as the text "5" or "true",
     * while {@code "5"} for a long is an error: the two directions alike, and a key is never made
     * from a number the user may have meant for another parameter.
     */
    private static final class Text extends JsonDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                return (String) ctxt.handleUnexpectedToken(String.class, p);
            }
            return p.getText();
        }
    }

    /** Jackson reads 128 to 255 into a byte, wrapped to a negative number: here they do not fit. */
    private static final class ByteValue extends JsonDeserializer<Byte> {

        @Override
        public Byte deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) { // as Jackson says it for the other integers
                throw InvalidFormatException.from(p, JsonKinds.notWhole(byte.class, p.getText()), p.getText(), byte.class);
            }
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT) {
                return (Byte) ctxt.handleUnexpectedToken(byte.class, p);
            }
            java.math.BigInteger value = p.getBigIntegerValue();
            if (value.bitLength() > 7) {
                throw InvalidFormatException.from(p, "outside the range of byte (-128 to 127)", p.getText(), byte.class);
            }
            return value.byteValue();
        }
    }

    /** What {@code mppfc ls --json} writes that plain JSON binding does not read. */
    private static final class LsOutput extends DeserializationProblemHandler {

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                Object beanOrClass, String propertyName) throws IOException {
            if (!propertyName.equals("@record")) {
                return false;
            }
            Class<?> target = beanOrClass instanceof Class<?> c ? c : beanOrClass.getClass();
            String named = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
            String expected = ArgumentSource.sourceName(target);
            if (named != null && !named.equals(expected)) {
                ctxt.reportInputMismatch(target, "a record of class " + named + ", where " + expected + " is taken");
            }
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p,
                String failureMsg) throws IOException {
            if (t != JsonToken.START_ARRAY || !targetType.isMapLikeType()) {
                return NOT_HANDLED;
            }
            Map<Object, Object> map = emptyMap(targetType);
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    ctxt.reportInputMismatch(targetType, "a map is an object, or a list of [key, value] pairs");
                }
                p.nextToken();
                Object key = ctxt.readValue(p, targetType.getKeyType());
                p.nextToken();
                Object value = ctxt.readValue(p, targetType.getContentType());
                if (p.nextToken() != JsonToken.END_ARRAY) {
                    ctxt.reportInputMismatch(targetType, "a map's pair is [key, value], two elements");
                }
                if (map.put(key, value) != null) {
                    ctxt.reportInputMismatch(targetType, "the key " + key + " is given twice");
                }
            }
            return map;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private static Map<Object, Object> emptyMap(JavaType type) throws IOException {
            Class<?> raw = type.getRawClass();
            if (raw == EnumMap.class) {
                return new EnumMap(type.getKeyType().getRawClass());
            }
            if (raw.isInterface() || java.lang.reflect.Modifier.isAbstract(raw.getModifiers())) {
                return SortedMap.class.isAssignableFrom(raw) ? new TreeMap<>() : new LinkedHashMap<>();
            }
            try {
                return (Map<Object, Object>) raw.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                return new LinkedHashMap<>();
            }
        }
    }
}
