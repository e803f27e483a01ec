package io.mppfc.code;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One class file of the user's own code, reduced to what a fingerprint needs. A method's
 * instructions are read when the walk first reaches it, and once.
 */
final class ClassSummary {

    private final ClassFile file;
    private final boolean compact;
    private final Map<String, MethodSummary> read = new HashMap<>();

    ClassSummary(ClassFile file, boolean compact) {
        this.file = file;
        this.compact = compact;
    }

    /** The internal name of its superclass, or null for {@code java/lang/Object}. */
    String superName() {
        return file.superName;
    }

    /** The internal names of the interfaces it declares. */
    List<String> interfaces() {
        return file.interfaces;
    }

    /** Its methods' {@code name + descriptor}, in the order of the class file. */
    Set<String> methods() {
        return file.methods.keySet();
    }

    boolean has(String method) {
        return file.methods.containsKey(method);
    }

    /** Whether another class can override it or a library call it on an instance. */
    boolean overridable(String method) {
        return (file.access(file.methods.get(method)) & (MethodSummary.STATIC | MethodSummary.PRIVATE)) == 0;
    }

    /** The method's summary, the same object each time; only for a method it {@link #has}. */
    MethodSummary method(String method) {
        MethodSummary summary = read.get(method);
        if (summary == null) {
            summary = CanonicalCode.read(file, file.methods.get(method), compact);
            read.put(method, summary);
        }
        return summary;
    }
}
