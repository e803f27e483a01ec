package io.mppfc.pool;

import io.mppfc.protocol.Messages;
import java.time.Duration;
import java.util.List;

/**
 * How to start and greet one worker process of a function.
 *
 * @param hello the hello frame, with worker index 0 (each worker gets its own)
 * @param jvmOptions options for the worker JVM, before the main class
 * @param classpath the worker's classpath
 * @param maxRetries how often a task whose worker died is tried again on a fresh one
 * @param taskTimeout the longest a task may run before its worker is killed, or null for no limit
 * @param startTimeout the longest a worker may take to say READY before it is counted as failed,
 *     or null for no limit
 * @param codecAtStart whether the workers set their codec up as they start (the function's values
 *     are not all stored in their plain form): their class data is recorded apart
 * @param failFast whether the first failed task stops the workers: then no worker holds a job
 *     ahead of the one it runs, so none starts one after a failure it has not heard of yet
 */
public record WorkerSpec(Messages.Hello hello, List<String> jvmOptions, String classpath, int maxRetries,
        Duration taskTimeout, Duration startTimeout, boolean codecAtStart, boolean failFast) {

    /** A spec whose pool goes on after a failure. */
    public WorkerSpec(Messages.Hello hello, List<String> jvmOptions, String classpath, int maxRetries,
            Duration taskTimeout, Duration startTimeout, boolean codecAtStart) {
        this(hello, jvmOptions, classpath, maxRetries, taskTimeout, startTimeout, codecAtStart, false);
    }

    public String functionName() {
        return hello.className() + "." + hello.methodName();
    }
}
