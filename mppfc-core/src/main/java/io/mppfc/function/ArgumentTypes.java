package io.mppfc.function;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

/**
 * Arguments that crossed a process boundary as footprints come back as general types (an
 * {@code Object[]}, an {@code ArrayList}, a {@code LinkedHashMap}); this turns them into what
 * the method's parameters declare (a {@code String[]}, a {@code TreeMap}) where that is a
 * plain copy. Anything else is passed as it is.
 */
final class ArgumentTypes {

    private ArgumentTypes() {
    }

    static Object[] adapt(Object[] arguments, Class<?>[] parameterTypes) {
        if (arguments.length != parameterTypes.length) {
            return arguments;
        }
        Object[] adapted = arguments.clone();
        for (int i = 0; i < adapted.length; i++) {
            adapted[i] = adapt(adapted[i], parameterTypes[i]);
        }
        return adapted;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Object adapt(Object value, Class<?> type) {
        if (value == null || type.isPrimitive() || type.isInstance(value)) {
            return value;
        }
        if (type.isArray() && value instanceof Object[] elements) {
            Class<?> component = type.getComponentType();
            Object array = Array.newInstance(component, elements.length);
            for (int i = 0; i < elements.length; i++) {
                Array.set(array, i, adapt(elements[i], component));
            }
            return array;
        }
        boolean concrete = !type.isInterface() && !Modifier.isAbstract(type.getModifiers());
        if (concrete && value instanceof Collection c && Collection.class.isAssignableFrom(type)) {
            Collection copy = (Collection) newInstance(type);
            if (copy != null) {
                copy.addAll(c);
                return copy;
            }
        }
        if (concrete && value instanceof Map m && Map.class.isAssignableFrom(type)) {
            Map copy = (Map) newInstance(type);
            if (copy != null) {
                copy.putAll(m);
                return copy;
            }
        }
        return value;
    }

    private static Object newInstance(Class<?> type) {
        try {
            Constructor<?> constructor = type.getConstructor();
            return constructor.newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
