package io.mppfc;

/**
 * A cached function failed for some arguments: it threw a checked exception here, or it
 * failed in a worker process. Nothing is cached for a failed call.
 *
 * <p>The one rule for {@code catch}: a failure in a worker is always an
 * {@code ErroneousFunctionCall}; in this JVM (no workers) an unchecked exception of the
 * function's reaches the caller unchanged and only a checked one is wrapped in this class. So
 * code that must handle both modes alike catches {@code RuntimeException} and asks
 * {@link #exceptionClass()} of an {@code ErroneousFunctionCall}, which names the function's own
 * exception either way. A worker's exception object is not rebuilt (its class may not even
 * exist here): {@link #getCause()} is then a stand-in that prints as the original class and
 * message with the worker's frames and {@code Caused by} chain, so an uncaught one shows where
 * the function failed.
 *
 * @since 0.1
 */
public class ErroneousFunctionCall extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What happened: the function threw, or its worker died, timed out, was terminated or could not run it. */
    private final FailureKind kind;
    /** The class name of the exception the function threw. */
    private final String exceptionClass;
    /** Its message, possibly null. */
    private final String exceptionMessage;
    /** Its full stack trace as text. */
    private final String remoteStackTrace;

    /**
     * Creates the exception.
     * @param message what failed: the function and the arguments
     * @param exceptionClass the class name of the original exception
     * @param exceptionMessage its message, possibly {@code null}
     * @param remoteStackTrace its full stack trace, causes included, as text
     * @param cause the exception itself when it happened in this JVM, else {@code null}
     */
    public ErroneousFunctionCall(String message, String exceptionClass, String exceptionMessage,
            String remoteStackTrace, Throwable cause) {
        this(message, FailureKind.THREW, exceptionClass, exceptionMessage, remoteStackTrace, cause);
    }

    /**
     * Creates the exception for a failure of any kind.
     * @param message what failed: the function and the arguments
     * @param kind what happened
     * @param exceptionClass the class name of the original exception, or the kind's label when
     *     the function did not throw
     * @param exceptionMessage its message, possibly {@code null}
     * @param remoteStackTrace its full stack trace, causes included, as text (for a worker that
     *     died: its last stderr lines)
     * @param cause the exception itself when it happened in this JVM, else {@code null}
     * @since 0.2
     */
    public ErroneousFunctionCall(String message, FailureKind kind, String exceptionClass, String exceptionMessage,
            String remoteStackTrace, Throwable cause) {
        super(message + ": " + exceptionClass + (exceptionMessage == null ? "" : ": " + exceptionMessage),
                cause != null ? cause : RemoteCause.parse(remoteStackTrace));
        this.kind = kind;
        this.exceptionClass = exceptionClass;
        this.exceptionMessage = exceptionMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /**
     * What happened: the function threw ({@link FailureKind#THREW}), or its worker died, timed
     * out, was terminated, or could not run it at all.
     *
     * @return the kind of failure
     * @since 0.2
     */
    public FailureKind kind() {
        return kind;
    }

    /**
     * Returns the class name of the exception the function threw.
     *
     * @return the class name of the exception the function threw
     */
    public String exceptionClass() {
        return exceptionClass;
    }

    /**
     * Returns the message of the exception the function threw, possibly {@code null}.
     *
     * @return the message of the exception the function threw, possibly {@code null}
     */
    public String exceptionMessage() {
        return exceptionMessage;
    }

    /**
     * Returns the full stack trace of the original exception, causes included.
     *
     * @return the full stack trace of the original exception, causes included
     */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }
}
