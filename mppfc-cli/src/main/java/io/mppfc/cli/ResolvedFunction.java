package io.mppfc.cli;

import io.mppfc.function.FunctionRefs;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A static method named on the command line, found by name (and, among overloads, by arity or
 * the parameter types given in parentheses).
 *
 * @param method the method
 */
record ResolvedFunction(Method method) {

    Type[] parameterTypes() {
        return method.getGenericParameterTypes();
    }

    boolean varargs() {
        return FunctionRefs.takesArgumentsAsArray(method);
    }

    static String signature(Method m) {
        return m.getDeclaringClass().getName() + "::" + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }

    /** The methods {@code --function CLASS::METHOD[(types)]} can mean; never empty. */
    static List<Method> candidates(String spec, ClassLoader loader) {
        return candidates("--function", spec, loader);
    }

    /** The methods {@code CLASS::METHOD[(types)]} can mean, for the option named; never empty. */
    static List<Method> candidates(String option, String spec, ClassLoader loader) {
        int sep = spec.indexOf("::");
        if (sep <= 0 || sep + 2 >= spec.length()) {
            int dot = spec.lastIndexOf('.');
            // mppfc ls and status name functions by their directories, com.acme.Physics.slow
            String meant = sep < 0 && dot > 0 && dot + 1 < spec.length()
                    ? " (did you mean " + spec.substring(0, dot) + "::" + spec.substring(dot + 1) + "?)" : "";
            throw new UsageException(option + ": \"" + spec + "\" is not CLASS::METHOD, e.g. com.acme.Physics::slow"
                    + meant);
        }
        String className = spec.substring(0, sep);
        String methodPart = spec.substring(sep + 2);
        String types = null;
        int paren = methodPart.indexOf('(');
        if (paren >= 0) {
            if (!methodPart.endsWith(")")) {
                throw new UsageException(option + ": \"" + spec + "\" has an unclosed parameter list");
            }
            types = methodPart.substring(paren + 1, methodPart.length() - 1).replace(" ", "");
            methodPart = methodPart.substring(0, paren);
        }
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new UsageException(option + ": class " + className + " is not on the classpath (give it with --classpath)");
        }
        List<Method> found = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Method m : type.getDeclaredMethods()) {
            if (!Modifier.isStatic(m.getModifiers()) || m.isSynthetic()) {
                continue;
            }
            names.add(m.getName());
            String simple = Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(","));
            String full = Arrays.stream(m.getParameterTypes()).map(Class::getName).collect(Collectors.joining(","));
            if (m.getName().equals(methodPart) && (types == null || types.equals(simple) || types.equals(full))) {
                found.add(m);
            }
        }
        if (found.isEmpty()) {
            String method = methodPart;
            List<String> overloads = Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && m.getName().equals(method))
                    .map(ResolvedFunction::signature).map(s -> s.substring(s.indexOf("::") + 2)).sorted().toList();
            if (!overloads.isEmpty()) { // over(Integer) where over(int) is meant: the parameter types as declared
                throw new UsageException(option + ": " + className + " has no static method " + methodPart + "(" + types
                        + "); the methods named " + methodPart + ": " + String.join(", ", overloads));
            }
            throw new UsageException(option + ": " + className + " has no static method " + methodPart
                    + (types == null ? "" : "(" + types + ")") + Near.meant(methodPart, new java.util.TreeSet<>(names))
                    + "; " + instead(type, methodPart, names));
        }
        return found;
    }

    /** What to do instead: an instance method needs a static one to call it; else the static methods there are. */
    private static String instead(Class<?> type, String methodName, List<String> staticNames) {
        boolean instanceMethod = Arrays.stream(type.getDeclaredMethods())
                .anyMatch(m -> m.getName().equals(methodName) && !Modifier.isStatic(m.getModifiers()));
        String others = staticNames.isEmpty() ? "it has no static methods"
                : "its static methods are " + staticNames.stream().distinct().sorted().collect(Collectors.joining(", "));
        if (instanceMethod) {
            return methodName + " is an instance method, and mppfc calls static methods only: add a static method "
                    + "that makes the object and calls " + methodName + ", and name that one (" + others + ")";
        }
        return others;
    }

    static ResolvedFunction of(Method method) {
        method.setAccessible(true);
        return new ResolvedFunction(method);
    }
}
