package io.mppfc.launch;

import java.nio.file.Path;
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

    @Override
    public WorkerCommand command(WorkerJvm jvm) {
        return new WorkerCommand(jvm.javaCommand(javaExecutable(), jvm.classpath()), Map.of(), "this machine");
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
