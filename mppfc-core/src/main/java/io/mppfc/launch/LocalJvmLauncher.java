package io.mppfc.launch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts workers as JVMs on this machine: the same {@code java} executable as this JVM, the
 * given classpath, the user's JVM options, then the worker main class. The default launcher.
 *
 * @since 0.1
 */
public final class LocalJvmLauncher implements Launcher {

    /** The launcher; it has no settings of its own. */
    public LocalJvmLauncher() {
        // the JVM options and classpath come with each WorkerJvm
    }

    /**
     * Fory reads memory through {@code sun.misc.Unsafe}, which JDK 24 and later warn about on
     * stderr at the first use (JEP 498); the worker runs this very JDK, so the flag is known.
     */
    static final String ALLOW_UNSAFE = "--sun-misc-unsafe-memory-access=allow";

    @Override
    public WorkerCommand command(WorkerJvm jvm) {
        WorkerJvm quiet = jvm;
        if (Runtime.version().feature() >= 24
                && jvm.jvmOptions().stream().noneMatch(o -> o.startsWith("--sun-misc-unsafe-memory-access"))) {
            List<String> options = new ArrayList<>();
            options.add(ALLOW_UNSAFE);
            options.addAll(jvm.jvmOptions());
            quiet = new WorkerJvm(options, jvm.classpath(), jvm.workerIndex());
        }
        return new WorkerCommand(quiet.javaCommand(javaExecutable(), quiet.classpath()), Map.of(), "this machine");
    }

    @Override
    public boolean runsOnThisMachine() {
        return true;
    }

    @Override
    public String toString() {
        return "local JVMs";
    }

    /**
     * Returns the path of this JVM's {@code java} executable.
     *
     * @return the path of this JVM's {@code java} executable
     */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
