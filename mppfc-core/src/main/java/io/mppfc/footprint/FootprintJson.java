package io.mppfc.footprint;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;

/**
 * Footprint bytes as JSON, without loading any class: what {@code mppfc ls} shows of an entry's
 * arguments, and what scripts read. Records and maps of string keys are JSON objects (a record
 * with a {@code "@record"} member naming its class), enums their constant's name, other maps
 * arrays of {@code [key, value]} pairs, sets and lists and arrays JSON arrays, numbers JSON
 * numbers (NaN and the infinities as strings), time values their ISO text.
 */
final class FootprintJson {

    private final FootprintReader in;
    private final StringBuilder out = new StringBuilder();
    private int depth;

    private FootprintJson(FootprintReader in) {
        this.in = in;
    }

    static String arguments(FootprintReader in) {
        FootprintJson json = new FootprintJson(in);
        int count = in.readCount(1);
        json.out.append('[');
        for (int i = 0; i < count; i++) {
            json.out.append(i == 0 ? "" : ", ");
            json.value();
        }
        json.out.append(']');
        return json.out.toString();
    }

    private void value() {
        if (++depth > FootprintWriter.MAX_DEPTH) {
            throw in.malformed("nested deeper than " + FootprintWriter.MAX_DEPTH + " levels");
        }
        try {
            byte tag = in.peekByte();
            switch (tag) {
                case Tag.LIST, Tag.SET, Tag.OBJECT_ARRAY -> {
                    in.readByte();
                    sequence(in.readCount(1));
                }
                case Tag.MAP -> {
                    in.readByte();
                    map(in.readCount(2));
                }
                case Tag.OPTIONAL -> {
                    in.readByte();
                    if (in.readByte() == 1) {
                        value();
                    } else {
                        out.append("null");
                    }
                }
                case Tag.RECORD -> {
                    in.readByte();
                    record();
                }
                case Tag.ENUM -> {
                    in.readByte();
                    in.readString(); // the class: the constant's name is what a reader wants
                    string(in.readString());
                }
                case Tag.FOOTPRINTED -> {
                    in.readByte();
                    out.append("{\"@footprinted\": ");
                    string(in.readString().replace('$', '.'));
                    out.append(", \"keyValue\": ");
                    value();
                    out.append('}');
                }
                default -> leaf(in.read());
            }
        } finally {
            depth--;
        }
    }

    private void sequence(int count) {
        out.append('[');
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ", ");
            value();
        }
        out.append(']');
    }

    /** An object when every key is a string (known only once read: the pairs are kept as text first). */
    private void map(int count) {
        StringBuilder saved = new StringBuilder(out);
        boolean stringKeys = true;
        StringBuilder asObject = new StringBuilder("{");
        StringBuilder asPairs = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.setLength(0);
            boolean isString = in.peekByte() == Tag.STRING;
            value();
            String key = out.toString();
            out.setLength(0);
            value();
            String val = out.toString();
            stringKeys &= isString;
            asObject.append(i == 0 ? "" : ", ").append(key).append(": ").append(val);
            asPairs.append(i == 0 ? "" : ", ").append('[').append(key).append(", ").append(val).append(']');
        }
        out.setLength(0);
        out.append(saved).append(stringKeys ? asObject.append('}') : asPairs.append(']'));
    }

    private void record() {
        String className = in.readString();
        int count = in.readCount(5);
        out.append("{\"@record\": ");
        string(className.replace('$', '.')); // as Java source names it
        for (int i = 0; i < count; i++) {
            out.append(", ");
            string(in.readString());
            out.append(": ");
            value();
        }
        out.append('}');
    }

    private void leaf(Object v) {
        if (v == null) {
            out.append("null");
        } else if (v instanceof Boolean || v instanceof Byte || v instanceof Short || v instanceof Integer
                || v instanceof Long || v instanceof BigInteger || v instanceof BigDecimal) {
            out.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                out.append(v);
            } else {
                string(v.toString());
            }
        } else if (v.getClass().isArray()) {
            out.append('[');
            for (int i = 0; i < Array.getLength(v); i++) {
                out.append(i == 0 ? "" : ", ");
                leaf(Array.get(v, i));
            }
            out.append(']');
        } else if (v instanceof Collection<?> c) {
            sequence(c);
        } else {
            string(v.toString()); // String, Character, UUID, java.time values: their ISO text
        }
    }

    private void sequence(Collection<?> values) {
        out.append('[');
        boolean first = true;
        for (Object v : values) {
            out.append(first ? "" : ", ");
            first = false;
            leaf(v);
        }
        out.append(']');
    }

    private void string(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || StringBytes.loneSurrogateAt(s, i)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
