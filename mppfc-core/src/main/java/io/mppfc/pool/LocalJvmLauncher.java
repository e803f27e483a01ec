package io.mppfc.pool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts workers as JVMs on this machine: the same {@code java} executable as this JVM, the
 * given classpath, the user's JVM options, then the worker main class.
 */
public final class LocalJvmLauncher implements WorkerLauncher {

    /** The launcher; it has no settings of its own. */
    public LocalJvmLauncher() {
        // the JVM options and classpath come with each WorkerSpec
    }

    @Override
    public List<String> command(WorkerSpec spec) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(spec.jvmOptions());
        command.add("-cp");
        command.add(spec.classpath());
        command.add(MAIN_CLASS);
        return command;
    }

    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
