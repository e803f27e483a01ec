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
     * Fory reads memory through {@code sun.misc.Unsafe} (JEP 498) and zstd-jni loads a native
     * library (JEP 472): JDK 24 and later warn about each on stderr at the first use. The worker
     * runs this very JDK, so the flags are known to it; a user's own setting of either wins.
     */
    private static final List<String> QUIET_ON_24 = List.of("--sun-misc-unsafe-memory-access=allow",
            "--enable-native-access=ALL-UNNAMED");

    @Override
    public WorkerCommand command(WorkerJvm jvm) {
        List<String> options = new ArrayList<>();
        if (Runtime.version().feature() >= 24) {
            for (String flag : QUIET_ON_24) {
                String name = flag.substring(0, flag.indexOf('='));
                if (jvm.jvmOptions().stream().noneMatch(o -> o.startsWith(name))) {
                    options.add(flag);
                }
            }
        }
        options.addAll(jvm.jvmOptions());
        WorkerJvm quiet = new WorkerJvm(options, jvm.classpath(), jvm.workerIndex());
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
