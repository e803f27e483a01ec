package io.mppfc.function;

import io.mppfc.FnN;
import java.io.Serializable;
import java.lang.invoke.MethodHandleInfo;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/** Turns a serializable lambda or method reference into a {@link FunctionRef}. */
public final class FunctionRefs {

    private FunctionRefs() {
    }

    /**
     * Resolves a function given as a method reference, constructor reference or lambda.
     *
     * @param function one of the {@code Fn*} interfaces
     * @return where the implementation lives and what it captured
     * @throws IllegalArgumentException if the function is not a lambda or method reference (an
     *     ordinary class implementing {@code Fn1}, say), which another JVM could not find by name
     */
    public static FunctionRef of(Serializable function) {
        SerializedLambda lambda = serializedForm(function);
        FunctionRef.Kind kind;
        switch (lambda.getImplMethodKind()) {
            case MethodHandleInfo.REF_invokeStatic:
                kind = FunctionRef.Kind.STATIC;
                break;
            case MethodHandleInfo.REF_newInvokeSpecial:
                kind = FunctionRef.Kind.CONSTRUCTOR;
                break;
            case MethodHandleInfo.REF_invokeVirtual:
            case MethodHandleInfo.REF_invokeInterface:
            case MethodHandleInfo.REF_invokeSpecial:
                kind = FunctionRef.Kind.VIRTUAL;
                break;
            default:
                throw new IllegalArgumentException("unsupported method handle kind "
                        + MethodHandleInfo.referenceKindToString(lambda.getImplMethodKind()) + " in " + function);
        }
        List<Object> captured = new ArrayList<>(lambda.getCapturedArgCount());
        for (int i = 0; i < lambda.getCapturedArgCount(); i++) {
            captured.add(lambda.getCapturedArg(i));
        }
        return new FunctionRef(lambda.getImplClass().replace('/', '.'), lambda.getImplMethodName(),
                lambda.getImplMethodSignature(), kind, captured,
                lambda.getFunctionalInterfaceClass().equals(FnN.class.getName().replace('.', '/')));
    }

    /**
     * A static method known by reflection: the same reference, and so the same entries, as the
     * method reference to it ({@code Physics::slow}, or given to {@code cacheVarargs} when its only
     * parameter is an {@code Object...}).
     */
    public static FunctionRef ofStaticMethod(Method method) {
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new IllegalArgumentException(method.getDeclaringClass().getName() + "." + method.getName()
                    + " is an instance method: give a static method, or pass a method reference to Mppfc.cache");
        }
        String descriptor = MethodType.methodType(method.getReturnType(), method.getParameterTypes())
                .toMethodDescriptorString();
        return new FunctionRef(method.getDeclaringClass().getName(), method.getName(), descriptor,
                FunctionRef.Kind.STATIC, List.of(), takesArgumentsAsArray(method));
    }

    /** Whether a method's only parameter is {@code Object...}: it gets a call's arguments as one array. */
    public static boolean takesArgumentsAsArray(Method method) {
        return method.isVarArgs() && method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object[].class;
    }

    private static SerializedLambda serializedForm(Serializable function) {
        Class<?> type = function.getClass();
        Object replacement;
        try {
            Method writeReplace = type.getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            replacement = writeReplace.invoke(function);
        } catch (NoSuchMethodException e) {
            replacement = null;
        } catch (InaccessibleObjectException e) {
            throw new IllegalArgumentException(ModuleAccess.mustOpen(type, "read the method reference " + type.getName()), e);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("cannot resolve the method behind " + type.getName() + ": " + e, e);
        }
        if (!(replacement instanceof SerializedLambda lambda)) {
            throw new IllegalArgumentException(type.getName() + " is not a lambda or method reference; "
                    + "pass the function as a method reference (Physics::slow) so that worker JVMs can find it by name");
        }
        return lambda;
    }
}
