package io.mppfc;

import io.mppfc.cache.codec.ClassAllowList;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.util.HashSet;
import java.util.Set;

/** The classes a declared return type names (with generic arguments), and their packages. */
final class ReturnTypes {

    private ReturnTypes() {
    }

    static ClassAllowList allowList(Type returnType) {
        Set<String> classes = new HashSet<>();
        Set<String> packages = new HashSet<>();
        collect(returnType, classes, packages, new HashSet<>());
        return new ClassAllowList(classes, packages);
    }

    private static void collect(Type type, Set<String> classes, Set<String> packages, Set<Type> seen) {
        if (!seen.add(type)) {
            return;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (c.isPrimitive() || c == Object.class) {
                return;
            }
            classes.add(c.getName());
            if (!c.getPackageName().isEmpty() && !c.getPackageName().startsWith("java.")) {
                packages.add(c.getPackageName());
            }
        } else if (type instanceof ParameterizedType p) {
            collect(p.getRawType(), classes, packages, seen);
            for (Type argument : p.getActualTypeArguments()) {
                collect(argument, classes, packages, seen);
            }
        } else if (type instanceof GenericArrayType a) {
            collect(a.getGenericComponentType(), classes, packages, seen);
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                collect(bound, classes, packages, seen);
            }
        } else if (type instanceof TypeVariable<?> v) {
            for (Type bound : v.getBounds()) {
                collect(bound, classes, packages, seen);
            }
        }
    }
}
