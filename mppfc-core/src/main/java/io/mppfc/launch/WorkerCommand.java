package io.mppfc.launch;

import java.util.List;
import java.util.Map;

/**
 * The process that runs one worker.
 *
 * @param command the command line, program first; passed as is, never through a shell
 * @param environment variables added to this JVM's environment for the process
 * @param placement where the worker runs, for messages ("this machine", "SSH host node7")
 * @since 0.1
 */
public record WorkerCommand(List<String> command, Map<String, String> environment, String placement) {

    /**
     * Copies the lists.
     *
     * @param command the command line, program first; passed as is, never through a shell
     * @param environment variables added to this JVM's environment for the process
     * @param placement where the worker runs, for messages ("this machine", "SSH host node7")
     */
    public WorkerCommand {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("a worker command needs at least the program");
        }
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }
}
