package io.mppfc.cache.codec;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The classes a codec may instantiate when it reads a cache entry: exact class names and
 * package prefixes. Arrays are allowed when their element type is; primitives always.
 *
 * @param classes binary class names, e.g. {@code com.acme.Result}
 * @param packages package names whose classes (not sub-packages) are allowed, e.g. {@code com.acme}
 * @since 0.1
 */
public record ClassAllowList(Set<String> classes, Set<String> packages) {

    /** JDK value types: boxes and strings, collections, java.time and java.math. */
    public static final ClassAllowList JDK_VALUES = new ClassAllowList(
            Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte", "java.lang.Short",
                    "java.lang.Character", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
                    "java.lang.Double", "java.lang.Number", "java.lang.Object", "java.lang.Enum",
                    "java.lang.Record"),
            Set.of("java.util", "java.time", "java.time.chrono", "java.time.temporal", "java.math"));

    /**
     * Copies both sets, so the list stays immutable.
     *
     * @param classes binary class names
     * @param packages package names
     * @throws NullPointerException if either set is null
     */
    public ClassAllowList {
        classes = Set.copyOf(new TreeSet<>(classes));
        packages = Set.copyOf(new TreeSet<>(packages));
    }

    /**
     * @param other more allowed names
     */
    public ClassAllowList plus(ClassAllowList other) {
        Set<String> c = new TreeSet<>(classes);
        c.addAll(other.classes);
        Set<String> p = new TreeSet<>(packages);
        p.addAll(other.packages);
        return new ClassAllowList(c, p);
    }

    /**
     * @param className a binary class name or a JVM array name ({@code [[I}, {@code [Lcom.acme.X;})
     */
    public boolean allows(String className) {
        String element = className;
        while (element.startsWith("[")) {
            element = element.substring(1);
        }
        if (element.length() == 1 && "ZBSCIJFD".contains(element)) {
            return true;
        }
        if (element.startsWith("L") && element.endsWith(";")) {
            element = element.substring(1, element.length() - 1);
        }
        if (classes.contains(element)) {
            return true;
        }
        int dot = element.lastIndexOf('.');
        return dot > 0 && packages.contains(element.substring(0, dot));
    }

    public List<String> describe() {
        List<String> all = new java.util.ArrayList<>(new TreeSet<>(classes));
        packages.stream().sorted().map(p -> p + ".*").forEach(all::add);
        return all;
    }
}
