package io.mppfc;

import java.io.File;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The class path workers get unless the user gives one: this JVM's class path, and the modules
 * of its module path, since a worker runs everything on its class path.
 */
final class DefaultWorkerClasspath {

    private static final String WORKER_MODULE = "io.mppfc.worker";

    private DefaultWorkerClasspath() {
    }

    static String get() {
        Set<String> entries = new LinkedHashSet<>();
        String modulePath = System.getProperty("jdk.module.path", "");
        for (ModuleReference module : modules(modulePath)) {
            module.location().ifPresent(uri -> entries.add(Path.of(uri).toString()));
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Whether this JVM has the worker module on its module path, resolved or not. */
    static boolean modulePathHasWorker() {
        return modules(System.getProperty("jdk.module.path", "")).stream()
                .anyMatch(m -> m.descriptor().name().equals(WORKER_MODULE));
    }

    private static List<ModuleReference> modules(String modulePath) {
        if (modulePath.isBlank()) {
            return List.of();
        }
        Path[] entries = Arrays.stream(modulePath.split(File.pathSeparator)).filter(e -> !e.isBlank())
                .map(Path::of).toArray(Path[]::new);
        try {
            return new ArrayList<>(ModuleFinder.of(entries).findAll());
        } catch (RuntimeException e) {
            return List.of(); // a module path the JVM itself started with cannot be broken; be safe anyway
        }
    }
}
