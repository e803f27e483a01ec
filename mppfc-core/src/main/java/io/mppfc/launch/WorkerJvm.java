package io.mppfc.launch;

import java.util.List;

/**
 * What a launcher needs to start one worker JVM.
 *
 * @param jvmOptions options for the worker JVM, before the main class
 * @param classpath the worker's classpath as the coordinator sees it
 * @param workerIndex the worker's number, from 1
 * @since 0.1
 */
public record WorkerJvm(List<String> jvmOptions, String classpath, int workerIndex) {

    /**
     * Copies the options.
     *
     * @param jvmOptions options for the worker JVM, before the main class
     * @param classpath the worker's classpath as the coordinator sees it
     * @param workerIndex the worker's number, from 1
     */
    public WorkerJvm {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * Returns {@code java}, the options, the classpath and the main class, as a command line.
     *
     * @param java the {@code java} executable
     * @param classpath the classpath as seen where the JVM runs
     * @return the JVM's command line, program first
     */
    public List<String> javaCommand(String java, String classpath) {
        List<String> command = new java.util.ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath);
        command.add(Launcher.MAIN_CLASS);
        return command;
    }
}
