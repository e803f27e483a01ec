package io.mppfc.cache.codec;

/** Whether a value read from an entry can be a function's result at all. */
public final class ResultTypes {

    private ResultTypes() {
    }

    /** Why {@code value} cannot be a result of declared type {@code type}, or null if it can. */
    public static String mismatch(Class<?> type, Object value) {
        if (value == null) {
            return type.isPrimitive() && type != void.class ? "it holds null, which a function returning " + type.getName()
                    + " cannot return" : null;
        }
        if (box(type).isInstance(value)) {
            return null;
        }
        return "it holds a " + ClassNotAllowedException.sourceName(value.getClass().getName())
                + ", not a value of the function's result type " + ClassNotAllowedException.sourceName(type.getName());
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }
}
