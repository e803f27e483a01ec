package io.mppfc.pool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The worker processes alive in this JVM, each destroyed (SIGTERM) when the JVM exits, by one
 * shutdown hook added with the first. A worker also leaves by itself once its stdin closes or
 * its coordinator falls silent; the hook makes a program's end end its workers at once.
 */
final class ProcessesOnExit {

    private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();
    private static boolean hooked;

    private ProcessesOnExit() {
    }

    static void add(Process process) {
        hook();
        ALIVE.add(process);
    }

    static void remove(Process process) {
        ALIVE.remove(process);
    }

    private static synchronized void hook() {
        if (hooked) {
            return;
        }
        hooked = true;
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(ProcessesOnExit::destroyAll, "mppfc-workers-on-exit"));
        } catch (IllegalStateException exiting) {
            // the JVM is already exiting: the worker sees its stdin close and leaves
        }
    }

    private static void destroyAll() {
        for (Process process : ALIVE) {
            process.destroy();
        }
    }
}
