package io.mppfc.footprint;

import io.mppfc.function.ModuleAccess;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Constructor;
import java.lang.reflect.InaccessibleObjectException;
import java.lang.reflect.RecordComponent;

/** Per record class, once: component names, accessors and the canonical constructor. */
final class RecordComponents {

    record Accessor(String name, Class<?> type, MethodHandle getter) {
        Object get(Record record) {
            try {
                return getter.invoke(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new Refusal("reading component " + name + " failed: " + t);
            }
        }
    }

    private static final ClassValue<Accessor[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Accessor[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Accessor[] accessors = new Accessor[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                try {
                    c.getAccessor().setAccessible(true);
                    accessors[i] = new Accessor(c.getName(), c.getType(),
                            MethodHandles.lookup().unreflect(c.getAccessor()));
                } catch (InaccessibleObjectException e) {
                    throw new Refusal(ModuleAccess.mustOpen(type, "read the record " + type.getName()));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new Refusal("record " + type.getName() + " is not accessible: " + e.getMessage());
                }
            }
            return accessors;
        }
    };

    private RecordComponents() {
    }

    static Accessor[] of(Class<?> recordClass) {
        return ACCESSORS.get(recordClass);
    }

    static Constructor<?> canonicalConstructor(Class<?> recordClass) throws NoSuchMethodException {
        Accessor[] accessors = of(recordClass);
        Class<?>[] types = new Class<?>[accessors.length];
        for (int i = 0; i < accessors.length; i++) {
            types[i] = accessors[i].type();
        }
        Constructor<?> constructor = recordClass.getDeclaredConstructor(types);
        constructor.setAccessible(true);
        return constructor;
    }
}
