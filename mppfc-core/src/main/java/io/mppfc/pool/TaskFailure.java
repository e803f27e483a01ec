package io.mppfc.pool;

import io.mppfc.FailureKind;
import io.mppfc.protocol.FailureText;
import io.mppfc.protocol.Messages;

/**
 * Why a task failed.
 *
 * @param kind what happened
 * @param exceptionClass the function's exception class when it threw, else the kind's label
 * @param message the message, possibly null
 * @param stackTrace the remote stack trace, or what is known (a dead worker's last stderr lines)
 */
public record TaskFailure(FailureKind kind, String exceptionClass, String message, String stackTrace) {

    /** Bounded as a worker's report is: a dead worker's last stderr lines are the pool's words, of any size. */
    public TaskFailure {
        FailureText text = new FailureText(exceptionClass, message, stackTrace);
        exceptionClass = text.exceptionClass();
        message = text.message();
        stackTrace = text.stackTrace();
    }

    /** Arguments a worker cannot read in one frame: no worker can run the task. */
    static TaskFailure tooLargeForAWorker(String description, int bytes) {
        return of(FailureKind.WORKERS_UNAVAILABLE, "the arguments of " + description + " take " + bytes
                + " bytes, over the " + Messages.maxToWorker() + " a worker reads in one job; raise "
                + "-Dmppfc.maxFrameBytes in this JVM and the workers' (workerJvmOptions), or pass a smaller value", "");
    }

    /** A failure that is not the function's own exception. */
    static TaskFailure of(FailureKind kind, String message, String stackTrace) {
        return new TaskFailure(kind, kind.label(), message, stackTrace);
    }
}
