package io.mppfc.pool;

/**
 * Why a task failed: the function threw in a worker, the worker died, or the task timed out.
 *
 * @param exceptionClass the exception's class name, or a description such as {@code worker died}
 * @param message the message, possibly null
 * @param stackTrace the remote stack trace, or what is known (the worker's last stderr lines)
 */
public record TaskFailure(String exceptionClass, String message, String stackTrace) {
}
