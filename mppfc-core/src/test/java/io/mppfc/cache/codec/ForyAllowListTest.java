package io.mppfc.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Codec;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.fory.Fory;
import org.junit.jupiter.api.Test;

/**
 * Fory checks its type checker only for classes written by name; the ~170 it registers itself
 * travel as ids. Every one of those outside the allow-list must be refused before it exists.
 */
class ForyAllowListTest {

    private static final Fory UNCHECKED = ForyCodec.configure(Fory.builder(), ForyAllowListTest.class.getClassLoader())
            .build();
    private final ValueCodec checked = Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES);

    /** Classes of Fory's own that no value of a user's ever is, written only in place of another (stubs). */
    private static final List<String> NOT_VALUES = List.of("java.lang.Void", "org.apache.fory.serializer.");

    @Test
    void everyClassForyRegistersItselfIsRefusedUnlessTheAllowListAllowsIt() {
        List<String> refused = new ArrayList<>();
        List<String> withoutSample = new ArrayList<>();
        for (Class<?> c : ForyCodec.preRegistered(UNCHECKED)) {
            if (c.isPrimitive() || ClassAllowList.JDK_VALUES.allows(c.getName())) {
                continue;
            }
            Object sample = sample(c);
            if (sample == null) {
                withoutSample.add(c.getName());
                continue;
            }
            byte[] bytes;
            try {
                bytes = UNCHECKED.serialize(sample);
            } catch (RuntimeException e) {
                withoutSample.add(c.getName()); // Fory itself cannot write one: no entry can hold it
                continue;
            }
            assertThatThrownBy(() -> checked.decode(bytes)).as(c.getName())
                    .isInstanceOf(ClassNotAllowedException.class);
            assertThatThrownBy(() -> checked.encode(sample)).as(c.getName())
                    .isInstanceOf(ClassNotAllowedException.class);
            refused.add(c.getName());
        }
        assertThat(refused).as("pre-registered classes tried").hasSizeGreaterThan(40)
                .contains("java.util.concurrent.ConcurrentHashMap", "java.net.URI", "java.lang.Class",
                        "java.lang.invoke.SerializedLambda", "java.lang.StringBuilder");
        assertThat(withoutSample).allMatch(name -> NOT_VALUES.stream().anyMatch(name::startsWith), "only stubs lack a sample");
    }

    @Test
    void disallowedClassesNestedInAllowedContainersAreRefused() {
        for (Object value : List.of(List.of(new AtomicLong(4)), Map.of("k", Pattern.compile("a+")),
                new Object[] {URI.create("http://x")}, new ArrayList<>(List.of(new ConcurrentHashMap<>())))) {
            byte[] bytes = UNCHECKED.serialize(value);
            assertThatThrownBy(() -> checked.decode(bytes)).as(value.toString()).isInstanceOf(ClassNotAllowedException.class);
        }
    }

    @Test
    void allowingAPreRegisteredClassLetsItThrough() throws Exception {
        ClassAllowList withAtomics = ClassAllowList.JDK_VALUES.plus(new ClassAllowList(java.util.Set.of(),
                java.util.Set.of("java.util.concurrent.atomic")));
        ValueCodec codec = Codecs.create(Codec.FORY, withAtomics);
        assertThat(((AtomicLong) codec.decode(codec.encode(new AtomicLong(7)))).get()).isEqualTo(7);
    }

    /** An instance of {@code c}, made as plainly as it allows; null for classes with no plain instance. */
    private static Object sample(Class<?> c) {
        if (c.isArray()) {
            Object element = sample(c.getComponentType());
            Object array = Array.newInstance(c.getComponentType(), 1);
            if (element != null && !c.getComponentType().isPrimitive()) {
                Array.set(array, 0, element);
            }
            return array;
        }
        Map<Class<?>, Object> made = Map.of(Class.class, String.class, URI.class, URI.create("http://example.org"),
                Pattern.class, Pattern.compile("a+"), ArrayBlockingQueue.class, new ArrayBlockingQueue<>(1),
                StackTraceElement.class, new StackTraceElement("C", "m", "C.java", 1),
                java.lang.invoke.SerializedLambda.class, serializedLambda(),
                ByteBuffer.allocate(1).getClass(), ByteBuffer.allocate(1), ByteBuffer.allocateDirect(1).getClass(),
                ByteBuffer.allocateDirect(1), ConcurrentHashMap.KeySetView.class, ConcurrentHashMap.newKeySet());
        if (made.containsKey(c)) {
            return made.get(c);
        }
        if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
            return null;
        }
        for (Object[] args : List.of(new Object[0], new Object[] {1L}, new Object[] {(short) 1})) {
            for (Constructor<?> k : c.getConstructors()) {
                try {
                    if (k.getParameterCount() == args.length) {
                        return k.newInstance(args);
                    }
                } catch (ReflectiveOperationException | IllegalArgumentException e) {
                    // another constructor, then
                }
            }
        }
        for (Object one : List.of(1f, 1, (short) 1, (byte) 1, 1L)) {
            try {
                return c.getMethod("valueOf", (Class<?>) one.getClass().getField("TYPE").get(null)).invoke(null, one);
            } catch (ReflectiveOperationException e) {
                // another factory, then
            }
        }
        return null;
    }

    private static Object serializedLambda() {
        java.util.function.Supplier<String> lambda = (java.util.function.Supplier<String> & java.io.Serializable) () -> "x";
        try {
            java.lang.reflect.Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            return writeReplace.invoke(lambda);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }
}
