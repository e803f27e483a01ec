package io.mppfc.function;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.Arrays;

/**
 * Calls the method a {@link FunctionRef} names, found by name and descriptor: what a worker
 * JVM or the command line does with a function it only knows by reference.
 */
public final class FunctionInvoker {

    private final FunctionRef ref;
    private final Executable executable;
    private final MethodHandle handle;
    private final Class<?>[] argumentTypes;

    private FunctionInvoker(FunctionRef ref, Executable executable, MethodHandle handle) {
        this.ref = ref;
        this.executable = executable;
        this.handle = handle;
        Class<?>[] all = executable.getParameterTypes();
        if (ref.kind() == FunctionRef.Kind.VIRTUAL) {
            Class<?>[] withReceiver = new Class<?>[all.length + 1];
            withReceiver[0] = executable.getDeclaringClass();
            System.arraycopy(all, 0, withReceiver, 1, all.length);
            all = withReceiver;
        }
        int skip = Math.min(ref.captured().size(), all.length);
        this.argumentTypes = java.util.Arrays.copyOfRange(all, skip, all.length);
    }

    /**
     * Finds the method in {@code loader}.
     *
     * @param ref the function
     * @param loader where its class lives
     * @return an invoker
     * @throws IllegalArgumentException if the class or method is not there, saying which
     */
    public static FunctionInvoker bind(FunctionRef ref, ClassLoader loader) {
        Class<?> owner;
        try {
            owner = Class.forName(ref.className(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("class " + ref.className() + " of function " + ref.displayName()
                    + " is not on the classpath", e);
        }
        MethodType type;
        try {
            type = MethodType.fromMethodDescriptorString(ref.descriptor(), owner.getClassLoader());
        } catch (TypeNotPresentException | IllegalArgumentException e) {
            throw new IllegalArgumentException("a type in the signature " + ref.descriptor() + " of "
                    + ref.displayName() + " is not on the classpath", e);
        }
        Executable executable = find(owner, ref, type);
        try {
            executable.setAccessible(true);
        } catch (InaccessibleObjectException e) {
            throw new IllegalArgumentException(ModuleAccess.mustOpen(owner, "call " + ref.displayName()), e);
        }
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MethodHandle handle = executable instanceof Method m ? lookup.unreflect(m)
                    : lookup.unreflectConstructor((Constructor<?>) executable);
            return new FunctionInvoker(ref, executable, handle.asFixedArity()
                    .asSpreader(Object[].class, handle.type().parameterCount()));
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("function " + ref.displayName() + " is not accessible: " + e.getMessage(), e);
        }
    }

    private static Executable find(Class<?> owner, FunctionRef ref, MethodType type) {
        try {
            if (ref.kind() == FunctionRef.Kind.CONSTRUCTOR) {
                return owner.getDeclaredConstructor(type.parameterArray());
            }
            for (Class<?> c = owner; c != null; c = c.getSuperclass()) {
                for (Method m : c.getDeclaredMethods()) {
                    if (m.getName().equals(ref.methodName()) && m.getReturnType() == type.returnType()
                            && Arrays.equals(m.getParameterTypes(), type.parameterArray())) {
                        return m;
                    }
                }
            }
            return owner.getMethod(ref.methodName(), type.parameterArray());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("function " + ref.displayName() + ref.descriptor()
                    + " is not in " + owner.getName() + " on this classpath (was the code changed or is the jar stale?)", e);
        }
    }

    /**
     * The classes a worker loads to run the function: its own, its parameters' and its result's.
     *
     * @return the function's class, its parameter types and its return type
     */
    public java.util.List<Class<?>> signatureClasses() {
        java.util.List<Class<?>> classes = new java.util.ArrayList<>();
        classes.add(executable.getDeclaringClass());
        classes.addAll(java.util.List.of(executable.getParameterTypes()));
        classes.add(returnClass());
        return classes;
    }

    /**
     * The declared (generic) return type: the class itself for a constructor.
     *
     * @return the type
     */
    public Type genericReturnType() {
        return executable instanceof Method m ? m.getGenericReturnType() : executable.getDeclaringClass();
    }

    /**
     * The declared return type, erased: the class itself for a constructor.
     *
     * @return the class every result is an instance of (its box, for a primitive)
     */
    public Class<?> returnClass() {
        return executable instanceof Method m ? m.getReturnType() : executable.getDeclaringClass();
    }

    public int arity() {
        if (ref.argumentsAsArray()) {
            return -1;
        }
        int receiver = ref.kind() == FunctionRef.Kind.VIRTUAL ? 1 : 0;
        return executable.getParameterCount() + receiver - ref.captured().size();
    }

    /**
     * Turns arguments rebuilt from footprints into the types the method declares, where that is
     * a plain copy: an {@code Object[]} into a {@code String[]}, an {@code ArrayList} into a
     * {@code LinkedList} parameter. Other values are left as they are.
     *
     * @param arguments the call's arguments as rebuilt by {@code Footprint.loadArguments}
     * @return arguments ready for {@link #invoke(Object...)}
     */
    public Object[] adapt(Object[] arguments) {
        return ref.argumentsAsArray() ? arguments : ArgumentTypes.adapt(arguments, argumentTypes);
    }

    /**
     * Calls the function with the captured values followed by {@code arguments}.
     *
     * @param arguments the call's arguments
     * @return the result
     * @throws Throwable whatever the function throws
     */
    public Object invoke(Object... arguments) throws Throwable {
        Object[] all = ref.argumentsAsArray() ? new Object[] {arguments} : arguments;
        if (!ref.captured().isEmpty()) {
            Object[] withCaptured = new Object[ref.captured().size() + all.length];
            ref.captured().toArray(withCaptured);
            System.arraycopy(all, 0, withCaptured, ref.captured().size(), all.length);
            all = withCaptured;
        }
        return handle.invoke(all);
    }
}
