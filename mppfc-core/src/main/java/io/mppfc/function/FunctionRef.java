package io.mppfc.function;

import java.util.List;
import java.util.Objects;

/**
 * What another JVM needs to find and call the same function: the implementing class and
 * method (by name and JVM descriptor), how it is invoked, and the values it captured (the
 * receiver of a bound method reference, the variables a lambda closes over).
 *
 * @param className the binary name of the implementing class, e.g. {@code com.acme.Physics}
 * @param methodName the method name; {@code <init>} for a constructor
 * @param descriptor the JVM method descriptor, e.g. {@code (D)D}
 * @param kind how the method is invoked
 * @param captured the captured values, in order (empty for a plain method reference)
 * @param argumentsAsArray whether the call's arguments are passed as one {@code Object[]}
 *     (a function given as {@link FnN})
 * @since 0.1
 */
public record FunctionRef(String className, String methodName, String descriptor, Kind kind, List<Object> captured,
        boolean argumentsAsArray) {

    /** How the referenced method is invoked. */
    public enum Kind {
        /** A static method, including the synthetic method behind a lambda. */
        STATIC,
        /** An instance method; the receiver is the first captured value or the first argument. */
        VIRTUAL,
        /** A constructor. */
        CONSTRUCTOR
    }

    /**
     * Copies the captured values, so the reference stays immutable.
     *
     * @param className the implementing class
     * @param methodName the method name
     * @param descriptor the JVM method descriptor
     * @param kind how the method is invoked
     * @param captured the captured values
     * @param argumentsAsArray whether the arguments are passed as one {@code Object[]}
     * @throws NullPointerException if any part is null
     */
    public FunctionRef {
        Objects.requireNonNull(className, "className");
        Objects.requireNonNull(methodName, "methodName");
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(kind, "kind");
        captured = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(captured));
    }

    public boolean isSyntheticLambda() {
        return methodName.startsWith("lambda$");
    }

    /**
     * Returns {@code Class.method}, with {@code new} for a constructor, for messages and names.
     *
     * @return {@code Class.method}, with {@code new} for a constructor, for messages and names
     */
    public String displayName() {
        return className + "." + simpleMethodName();
    }

    /**
     * Returns the method name, with {@code new} for a constructor.
     *
     * @return the method name, with {@code new} for a constructor
     */
    public String simpleMethodName() {
        return kind == Kind.CONSTRUCTOR ? "new" : methodName;
    }
}
