package io.mppfc.cache.codec;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An upper bound of a value's encoding, for the values where one is cheap to know: primitive
 * arrays, strings, boxed primitives and enums, held in arrays, collections, maps and records.
 * It lets a large result (a record of a few big arrays, a list of them) be encoded straight into
 * its mapped entry file instead of into a second copy on the heap. Anything else (a class with
 * fields of its own, more than {@link #MAX_OBJECTS} objects) has no bound here. No user code
 * runs: record components are read from their fields, not through their accessors.
 */
final class EncodedSizeBound {

    static final long UNKNOWN = -1;
    /** Few: the walk runs on every miss, and values of many small objects gain nothing from it. */
    private static final int MAX_OBJECTS = 64;
    /** More than Fory writes around any one object (flags, type ids, lengths; a class name once). */
    private static final long PER_OBJECT = 256;
    private static final long SLACK = 64 * 1024;

    private EncodedSizeBound() {
    }

    /** The bound, or {@link #UNKNOWN}. */
    static long of(Object value) {
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> next = new ArrayDeque<>();
        next.add(value);
        long bytes = SLACK;
        while (!next.isEmpty()) {
            Object o = next.poll();
            if (o == null || seen.put(o, Boolean.TRUE) != null) {
                continue;
            }
            if (seen.size() > MAX_OBJECTS) {
                return UNKNOWN;
            }
            bytes += PER_OBJECT;
            Class<?> type = o.getClass();
            if (type.isArray() && type.getComponentType().isPrimitive()) {
                bytes += (long) Array.getLength(o) * elementBytes(type.getComponentType());
            } else if (o instanceof String s) {
                bytes += 3L * s.length();
            } else if (o instanceof Number && type.getPackageName().equals("java.lang") // boxed, not BigInteger
                    || o instanceof Boolean || o instanceof Character || o instanceof Enum<?>) {
                continue;
            } else if (o instanceof Object[] array) {
                next.addAll(java.util.Arrays.asList(array));
            } else if (o instanceof Collection<?> c) {
                if (c.size() > MAX_OBJECTS) {
                    return UNKNOWN;
                }
                next.addAll(c);
            } else if (o instanceof Map<?, ?> m) {
                if (m.size() > MAX_OBJECTS) {
                    return UNKNOWN;
                }
                next.addAll(m.keySet());
                next.addAll(m.values());
            } else if (type.isRecord()) {
                for (RecordComponent component : type.getRecordComponents()) {
                    try {
                        java.lang.reflect.Field field = type.getDeclaredField(component.getName());
                        field.setAccessible(true);
                        next.add(field.get(o));
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return UNKNOWN; // a record we may not read (another module's): no bound
                    }
                }
            } else {
                return UNKNOWN;
            }
        }
        return bytes;
    }

    static long elementBytes(Class<?> type) {
        return type == long.class || type == double.class ? 8
                : type == int.class || type == float.class ? 4 : type == short.class || type == char.class ? 2 : 1;
    }
}
