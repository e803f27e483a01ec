package io.mppfc.footprint;

import io.mppfc.FootprintException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads footprint bytes back into values. Every length is checked against the bytes that are
 * left before anything is allocated, so hostile input gives a {@link FootprintException},
 * never an OutOfMemoryError or a StackOverflowError.
 */
final class FootprintReader {

    private final byte[] in;
    private final ClassLoader loader;
    private int pos;
    private int depth;

    FootprintReader(byte[] in, int offset, ClassLoader loader) {
        this.in = in;
        this.pos = offset;
        this.loader = loader;
    }

    boolean atEnd() {
        return pos == in.length;
    }

    FootprintException malformed(String what) {
        return new FootprintException("malformed footprint at byte " + pos + ": " + what);
    }

    private void need(long n) {
        if (n < 0 || n > in.length - pos) {
            throw malformed("needs " + n + " more bytes, " + (in.length - pos) + " left");
        }
    }

    /** The next byte, not consumed. */
    byte peekByte() {
        need(1);
        return in[pos];
    }

    byte readByte() {
        need(1);
        return in[pos++];
    }

    short readShort() {
        need(2);
        int v = ((in[pos] & 0xff) << 8) | (in[pos + 1] & 0xff);
        pos += 2;
        return (short) v;
    }

    int readInt() {
        need(4);
        int v = ((in[pos] & 0xff) << 24) | ((in[pos + 1] & 0xff) << 16)
                | ((in[pos + 2] & 0xff) << 8) | (in[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    long readLong() {
        return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
    }

    /** A count of items of at least {@code minItemBytes} each, bounded by the bytes left. */
    int readCount(int minItemBytes) {
        int count = readInt();
        if (count < 0 || (long) count * minItemBytes > in.length - pos) {
            throw malformed("count " + Integer.toUnsignedString(count) + " exceeds the bytes left");
        }
        return count;
    }

    private byte[] readLengthPrefixed() {
        int length = readCount(1);
        byte[] bytes = new byte[length];
        System.arraycopy(in, pos, bytes, 0, length);
        pos += length;
        return bytes;
    }

    String readString() {
        String s = StringBytes.read(readLengthPrefixed());
        if (s == null) {
            throw malformed("string is not valid UTF-8");
        }
        return s;
    }

    Object read() {
        if (++depth > FootprintWriter.MAX_DEPTH) {
            throw malformed("nested deeper than " + FootprintWriter.MAX_DEPTH + " levels");
        }
        try {
            return readValue(readByte());
        } finally {
            depth--;
        }
    }

    private Object readValue(byte tag) {
        switch (tag) {
            case Tag.NULL: return null;
            case Tag.BOOLEAN: return readBoolean();
            case Tag.BYTE: return readByte();
            case Tag.SHORT: return readShort();
            case Tag.CHAR: return (char) readShort();
            case Tag.INT: return readInt();
            case Tag.LONG: return readLong();
            case Tag.FLOAT: return Float.intBitsToFloat(readInt());
            case Tag.DOUBLE: return Double.longBitsToDouble(readLong());
            case Tag.STRING: return readString();
            case Tag.BIG_INTEGER: return readBigInteger();
            case Tag.BIG_DECIMAL: return readBigDecimal();
            case Tag.UUID: return new UUID(readLong(), readLong());
            case Tag.ENUM: return readEnum();
            case Tag.LIST: return readList();
            case Tag.SET: return readSet();
            case Tag.MAP: return readMap();
            case Tag.OPTIONAL: return readBoolean() ? Optional.ofNullable(read()) : Optional.empty();
            case Tag.RECORD: return readRecord();
            case Tag.FOOTPRINTED:
                throw malformed("a Footprinted value (" + readString() + ") cannot be rebuilt from its key value");
            default:
                Object array = PrimitiveArrays.read(this, tag);
                if (array != null) {
                    return array;
                }
                return readTime(tag);
        }
    }

    private boolean readBoolean() {
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw malformed("boolean byte " + b);
        }
        return b == 1;
    }

    private BigInteger readBigInteger() {
        byte[] bytes = readLengthPrefixed();
        if (bytes.length == 0) {
            throw malformed("empty BigInteger");
        }
        return new BigInteger(bytes);
    }

    private BigDecimal readBigDecimal() {
        int scale = readInt();
        return new BigDecimal(readBigInteger(), scale);
    }

    private Object readEnum() {
        String className = readString();
        String constant = readString();
        Class<?> type = loadClass(className);
        if (!type.isEnum()) {
            throw malformed(className + " is not an enum");
        }
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(constant)) {
                return c;
            }
        }
        throw malformed(className + " has no constant " + constant);
    }

    Object[] readObjectArray() {
        Object[] values = new Object[readCount(1)];
        for (int i = 0; i < values.length; i++) {
            values[i] = read();
        }
        return values;
    }

    private List<Object> readList() {
        return new ArrayList<>(Arrays.asList(readObjectArray()));
    }

    private Set<Object> readSet() {
        int count = readCount(1);
        Set<Object> set = new LinkedHashSet<>();
        for (int i = 0; i < count; i++) {
            set.add(read());
        }
        return set;
    }

    private Map<Object, Object> readMap() {
        int count = readCount(2);
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            map.put(read(), read());
        }
        return map;
    }

    private Object readRecord() {
        String className = readString();
        Class<?> type = loadClass(className);
        if (!type.isRecord()) {
            throw malformed(className + " is not a record");
        }
        RecordComponents.Accessor[] components = RecordComponents.of(type);
        int count = readCount(5);
        if (count != components.length) {
            throw malformed(className + " has " + components.length + " components, the footprint " + count);
        }
        Object[] values = new Object[count];
        for (int i = 0; i < count; i++) {
            String name = readString();
            if (!name.equals(components[i].name())) {
                throw malformed(className + " component " + i + " is " + components[i].name() + ", not " + name);
            }
            values[i] = read();
        }
        try {
            Constructor<?> constructor = RecordComponents.canonicalConstructor(type);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            throw malformed("the constructor of " + className + " refused the values: " + e.getCause());
        } catch (ReflectiveOperationException | IllegalArgumentException e) {
            throw malformed("cannot construct " + className + ": " + e);
        }
    }

    private Class<?> loadClass(String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw malformed("class " + name + " is not on the classpath");
        }
    }

    private Object readTime(byte tag) {
        try {
            switch (tag) {
                case Tag.INSTANT: return Instant.ofEpochSecond(readLong(), readInt());
                case Tag.DURATION: return Duration.ofSeconds(readLong(), readInt());
                case Tag.LOCAL_DATE: return readDate();
                case Tag.LOCAL_TIME: return LocalTime.ofNanoOfDay(readLong());
                case Tag.LOCAL_DATE_TIME: return readDateTime();
                case Tag.OFFSET_DATE_TIME: return OffsetDateTime.of(readDateTime(), ZoneOffset.ofTotalSeconds(readInt()));
                case Tag.ZONED_DATE_TIME: return ZonedDateTime.ofStrict(readDateTime(),
                        ZoneOffset.ofTotalSeconds(readInt()), ZoneId.of(readString()));
                case Tag.OFFSET_TIME: return OffsetTime.of(LocalTime.ofNanoOfDay(readLong()),
                        ZoneOffset.ofTotalSeconds(readInt()));
                case Tag.ZONE_OFFSET: return ZoneOffset.ofTotalSeconds(readInt());
                case Tag.ZONE_REGION: return ZoneId.of(readString());
                case Tag.PERIOD: return Period.of(readInt(), readInt(), readInt());
                case Tag.YEAR: return Year.of(readInt());
                case Tag.YEAR_MONTH: return YearMonth.of(readInt(), readByte());
                case Tag.MONTH_DAY: return MonthDay.of(readByte(), readByte());
                default: throw malformed("unknown tag 0x" + Integer.toHexString(tag & 0xff));
            }
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw malformed("invalid time value: " + e.getMessage());
        }
    }

    private LocalDate readDate() {
        return LocalDate.of(readInt(), readByte(), readByte());
    }

    private LocalDateTime readDateTime() {
        return LocalDateTime.of(readDate(), LocalTime.ofNanoOfDay(readLong()));
    }
}
