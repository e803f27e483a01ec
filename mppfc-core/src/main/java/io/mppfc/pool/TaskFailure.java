package io.mppfc.pool;

/**
 * Why a task failed: the function threw in a worker, the worker died, the task timed out, or
 * no worker could run the function at all.
 *
 * @param exceptionClass the exception's class name, or a description such as {@code worker died}
 * @param message the message, possibly null
 * @param stackTrace the remote stack trace, or what is known (the worker's last stderr lines)
 */
public record TaskFailure(String exceptionClass, String message, String stackTrace) {

    /** The {@link #exceptionClass()} of tasks failed because no worker could run the function. */
    public static final String WORKERS_UNAVAILABLE = "workers unavailable";
}
