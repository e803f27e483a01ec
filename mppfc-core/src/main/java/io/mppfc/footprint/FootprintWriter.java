package io.mppfc.footprint;

import io.mppfc.Footprinted;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Writes the canonical bytes of one value tree; see {@link Footprint} for the rules. */
final class FootprintWriter {

    /** Deep enough for any sensible argument, shallow enough to never overflow the stack. */
    static final int MAX_DEPTH = 256;

    /**
     * The composite values being written, for cycles; made at the first one: a plain argument or
     * result (an {@code int}, a {@code String}) needs none, and a footprint is taken per call
     * and per stored result.
     */
    private IdentityHashMap<Object, Boolean> open;
    private int depth;

    void write(ByteSink out, Object value) {
        if (value == null) {
            out.put(Tag.NULL);
        } else if (value instanceof String s) {
            out.put(Tag.STRING);
            out.putString(s);
        } else if (value instanceof Number n && writeNumber(out, n)) {
            return;
        } else if (value instanceof Boolean b) {
            out.put(Tag.BOOLEAN);
            out.put((byte) (b ? 1 : 0));
        } else if (value instanceof Character c) {
            out.put(Tag.CHAR);
            out.putShort(c);
        } else if (value instanceof Enum<?> e) {
            out.put(Tag.ENUM);
            out.putString(e.getDeclaringClass().getName());
            out.putString(e.name());
        } else if (value instanceof UUID u) {
            out.put(Tag.UUID);
            out.putLong(u.getMostSignificantBits());
            out.putLong(u.getLeastSignificantBits());
        } else if (writeTime(out, value)) {
            return;
        } else {
            writeComposite(out, value);
        }
    }

    private boolean writeNumber(ByteSink out, Number n) {
        if (n instanceof Integer i) {
            out.put(Tag.INT);
            out.putInt(i);
        } else if (n instanceof Double d) {
            out.put(Tag.DOUBLE);
            out.putLong(Double.doubleToLongBits(d)); // canonical NaN; -0.0 keeps its sign
        } else if (n instanceof Long l) {
            out.put(Tag.LONG);
            out.putLong(l);
        } else if (n instanceof Float f) {
            out.put(Tag.FLOAT);
            out.putInt(Float.floatToIntBits(f));
        } else if (n instanceof Short s) {
            out.put(Tag.SHORT);
            out.putShort(s);
        } else if (n instanceof Byte b) {
            out.put(Tag.BYTE);
            out.put(b);
        } else if (n instanceof BigInteger bi) {
            out.put(Tag.BIG_INTEGER);
            writeLengthPrefixed(out, bi.toByteArray());
        } else if (n instanceof BigDecimal bd) {
            out.put(Tag.BIG_DECIMAL);
            out.putInt(bd.scale());
            writeLengthPrefixed(out, bd.unscaledValue().toByteArray());
        } else {
            return false; // AtomicInteger, LongAdder...: mutable, refused below
        }
        return true;
    }

    private static void writeLengthPrefixed(ByteSink out, byte[] bytes) {
        out.putInt(bytes.length);
        out.putBytes(bytes);
    }

    private static boolean writeTime(ByteSink out, Object value) {
        if (!(value instanceof java.time.temporal.TemporalAccessor
                || value instanceof java.time.temporal.TemporalAmount
                || value instanceof ZoneId)) {
            return false;
        }
        if (value instanceof Instant i) {
            out.put(Tag.INSTANT);
            out.putLong(i.getEpochSecond());
            out.putInt(i.getNano());
        } else if (value instanceof Duration d) {
            out.put(Tag.DURATION);
            out.putLong(d.getSeconds());
            out.putInt(d.getNano());
        } else if (value instanceof LocalDate d) {
            out.put(Tag.LOCAL_DATE);
            writeDate(out, d);
        } else if (value instanceof LocalTime t) {
            out.put(Tag.LOCAL_TIME);
            out.putLong(t.toNanoOfDay());
        } else if (value instanceof LocalDateTime dt) {
            out.put(Tag.LOCAL_DATE_TIME);
            writeDateTime(out, dt);
        } else if (value instanceof OffsetDateTime odt) {
            out.put(Tag.OFFSET_DATE_TIME);
            writeDateTime(out, odt.toLocalDateTime());
            out.putInt(odt.getOffset().getTotalSeconds());
        } else if (value instanceof ZonedDateTime zdt) {
            out.put(Tag.ZONED_DATE_TIME);
            writeDateTime(out, zdt.toLocalDateTime());
            out.putInt(zdt.getOffset().getTotalSeconds());
            out.putString(zdt.getZone().getId());
        } else if (value instanceof OffsetTime ot) {
            out.put(Tag.OFFSET_TIME);
            out.putLong(ot.toLocalTime().toNanoOfDay());
            out.putInt(ot.getOffset().getTotalSeconds());
        } else if (value instanceof ZoneOffset zo) {
            out.put(Tag.ZONE_OFFSET);
            out.putInt(zo.getTotalSeconds());
        } else if (value instanceof ZoneId z) {
            out.put(Tag.ZONE_REGION);
            out.putString(z.getId());
        } else if (value instanceof Period p) {
            out.put(Tag.PERIOD);
            out.putInt(p.getYears());
            out.putInt(p.getMonths());
            out.putInt(p.getDays());
        } else if (value instanceof Year y) {
            out.put(Tag.YEAR);
            out.putInt(y.getValue());
        } else if (value instanceof YearMonth ym) {
            out.put(Tag.YEAR_MONTH);
            out.putInt(ym.getYear());
            out.put((byte) ym.getMonthValue());
        } else if (value instanceof MonthDay md) {
            out.put(Tag.MONTH_DAY);
            out.put((byte) md.getMonthValue());
            out.put((byte) md.getDayOfMonth());
        } else {
            return false;
        }
        return true;
    }

    private static void writeDate(ByteSink out, LocalDate d) {
        out.putInt(d.getYear());
        out.put((byte) d.getMonthValue());
        out.put((byte) d.getDayOfMonth());
    }

    private static void writeDateTime(ByteSink out, LocalDateTime dt) {
        writeDate(out, dt.toLocalDate());
        out.putLong(dt.toLocalTime().toNanoOfDay());
    }

    /** Values that contain other values: guarded against cycles and absurd depth. */
    private void writeComposite(ByteSink out, Object value) {
        Class<?> type = value.getClass();
        boolean container = type.isArray() || value instanceof Collection || value instanceof Map
                || value instanceof Optional || type.isRecord() || value instanceof Footprinted;
        if (!container) {
            throw new Refusal(type.getName() + " is not supported; use a record, a supported "
                    + "collection, or implement io.mppfc.Footprinted");
        }
        if (open == null) {
            open = new IdentityHashMap<>();
        }
        if (open.put(value, Boolean.TRUE) != null) {
            throw new Refusal("the value contains itself (a cycle through a "
                    + type.getName() + "); cyclic values cannot be keyed");
        }
        if (++depth > MAX_DEPTH) {
            throw new Refusal("nested deeper than " + MAX_DEPTH + " levels; flatten the argument");
        }
        try {
            if (type.isArray()) {
                writeArray(out, value, type.getComponentType());
            } else if (value instanceof List<?> list) {
                out.put(Tag.LIST);
                out.putInt(list.size());
                int i = 0;
                for (Object element : list) {
                    writeChild(out, element, i++);
                }
            } else if (value instanceof Set<?> set) {
                writeSet(out, set);
            } else if (value instanceof Map<?, ?> map) {
                writeMap(out, map);
            } else if (value instanceof Optional<?> optional) {
                out.put(Tag.OPTIONAL);
                writeOptional(out, optional);
            } else if (type.isRecord()) {
                writeRecord(out, (Record) value);
            } else if (value instanceof Footprinted f) {
                writeFootprinted(out, f);
            } else {
                throw new Refusal(type.getName() + " is a collection that is neither a List nor a Set; "
                        + "copy it into a List or a Set");
            }
        } finally {
            depth--;
            open.remove(value);
        }
    }

    private void writeChild(ByteSink out, Object element, int index) {
        try {
            write(out, element);
        } catch (Refusal r) {
            throw r.at("element " + index);
        }
    }

    private void writeArray(ByteSink out, Object array, Class<?> component) {
        int length = Array.getLength(array);
        if (!component.isPrimitive()) {
            out.put(Tag.OBJECT_ARRAY);
            out.putInt(length);
            Object[] objects = (Object[]) array;
            for (int i = 0; i < length; i++) {
                writeChild(out, objects[i], i);
            }
            return;
        }
        if (component == byte.class) {
            out.put(Tag.BYTE_ARRAY);
            out.putInt(length);
            out.putBytes((byte[]) array);
        } else if (component == double.class) {
            out.put(Tag.DOUBLE_ARRAY);
            out.putInt(length);
            for (double d : (double[]) array) {
                out.putLong(Double.doubleToLongBits(d));
            }
        } else if (component == int.class) {
            out.put(Tag.INT_ARRAY);
            out.putInt(length);
            for (int v : (int[]) array) {
                out.putInt(v);
            }
        } else if (component == long.class) {
            out.put(Tag.LONG_ARRAY);
            out.putInt(length);
            for (long v : (long[]) array) {
                out.putLong(v);
            }
        } else if (component == float.class) {
            out.put(Tag.FLOAT_ARRAY);
            out.putInt(length);
            for (float v : (float[]) array) {
                out.putInt(Float.floatToIntBits(v));
            }
        } else if (component == boolean.class) {
            out.put(Tag.BOOLEAN_ARRAY);
            out.putInt(length);
            for (boolean v : (boolean[]) array) {
                out.put((byte) (v ? 1 : 0));
            }
        } else if (component == short.class) {
            out.put(Tag.SHORT_ARRAY);
            out.putInt(length);
            for (short v : (short[]) array) {
                out.putShort(v);
            }
        } else {
            out.put(Tag.CHAR_ARRAY);
            out.putInt(length);
            for (char v : (char[]) array) {
                out.putShort(v);
            }
        }
    }

    /** Elements sorted by their own footprints, so insertion order and set class never matter. */
    private void writeSet(ByteSink out, Set<?> set) {
        List<byte[]> elements = new ArrayList<>(set.size());
        for (Object element : set) {
            ByteSink one = new ByteSink(16);
            try {
                write(one, element);
            } catch (Refusal r) {
                throw r.at("set element " + Refusal.describe(element));
            }
            elements.add(one.toByteArray());
        }
        elements.sort(Arrays::compareUnsigned);
        out.put(Tag.SET);
        out.putInt(elements.size());
        for (byte[] element : elements) {
            out.putBytes(element);
        }
    }

    /** Entries sorted by key footprint (then value footprint, for keys that footprint alike). */
    private void writeMap(ByteSink out, Map<?, ?> map) {
        List<byte[][]> entries = new ArrayList<>(map.size());
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            ByteSink key = new ByteSink(16);
            ByteSink value = new ByteSink(16);
            try {
                write(key, entry.getKey());
            } catch (Refusal r) {
                throw r.at("map key " + Refusal.describe(entry.getKey()));
            }
            try {
                write(value, entry.getValue());
            } catch (Refusal r) {
                throw r.at("map value for key " + Refusal.describe(entry.getKey()));
            }
            entries.add(new byte[][] {key.toByteArray(), value.toByteArray()});
        }
        entries.sort((a, b) -> {
            int byKey = Arrays.compareUnsigned(a[0], b[0]);
            return byKey != 0 ? byKey : Arrays.compareUnsigned(a[1], b[1]);
        });
        out.put(Tag.MAP);
        out.putInt(entries.size());
        for (byte[][] entry : entries) {
            out.putBytes(entry[0]);
            out.putBytes(entry[1]);
        }
    }

    private void writeOptional(ByteSink out, Optional<?> optional) {
        if (optional.isEmpty()) {
            out.put((byte) 0);
            return;
        }
        out.put((byte) 1);
        try {
            write(out, optional.get());
        } catch (Refusal r) {
            throw r.at("optional value");
        }
    }

    private void writeRecord(ByteSink out, Record record) {
        RecordComponents.Accessor[] components = RecordComponents.of(record.getClass());
        out.put(Tag.RECORD);
        out.putString(record.getClass().getName());
        out.putInt(components.length);
        for (RecordComponents.Accessor component : components) {
            out.putString(component.name());
            try {
                write(out, component.get(record));
            } catch (Refusal r) {
                throw r.at("component " + component.name() + " of " + record.getClass().getName());
            }
        }
    }

    private void writeFootprinted(ByteSink out, Footprinted f) {
        Object keyValue;
        try {
            keyValue = f.keyValue();
        } catch (RuntimeException e) {
            throw new Refusal(f.getClass().getName() + ".keyValue() threw " + e);
        }
        out.put(Tag.FOOTPRINTED);
        out.putString(f.getClass().getName());
        try {
            write(out, keyValue);
        } catch (Refusal r) {
            throw r.at("key value of " + f.getClass().getName());
        }
    }
}
