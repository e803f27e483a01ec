package io.mppfc.pool;

/** Completes a task's futures exceptionally; the API turns it into an {@code ErroneousFunctionCall}. */
public final class TaskFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TaskFailure failure;

    TaskFailedException(TaskFailure failure) {
        super(failure.exceptionClass() + ": " + failure.message(), null, false, false);
        this.failure = failure;
    }

    public TaskFailure failure() {
        return failure;
    }
}
