package io.mppfc;

/**
 * Why a call computed in a worker has no result. Only {@link #THREW} is the function's own
 * exception; the others name what happened to the computation, and an
 * {@link ErroneousFunctionCall}'s {@code exceptionClass()} is then {@link #label()}.
 *
 * @since 0.2
 */
public enum FailureKind {
    /** The function threw; the exception's class and trace come from the worker. */
    THREW("exception"),
    /** The function returned, but its result cannot be stored (a class not allowed, a full disk). */
    NOT_STORED("not stored"),
    /** The worker process died while computing (a crash, out of memory, killed from outside, a broken protocol). */
    WORKER_DIED("worker died"),
    /** The computation ran longer than {@code taskTimeout} and its worker was killed. */
    TIMED_OUT("timeout"),
    /** {@code terminate} killed the worker while it computed; the task counts as done, nothing is cached. */
    TERMINATED("terminated"),
    /** No worker could run the function at all (it cannot be loaded there, or workers fail to start). */
    WORKERS_UNAVAILABLE("workers unavailable");

    private final String label;

    FailureKind(String label) {
        this.label = label;
    }

    /**
     * The words reports use for this kind ({@code "worker died"}, {@code "timeout"}, ...).
     *
     * @return the label
     */
    public String label() {
        return label;
    }
}
