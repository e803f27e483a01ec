package io.mppfc.pool;

/**
 * No worker can run because their JVM refused to start (a bad option, say): the same command
 * would be refused again, so none was started twice. Its words are kept apart, for a caller that
 * says them in its own terms (the command line names {@code --jvm-option}).
 */
public final class WorkerJvmRefusedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String jvmSaid;

    WorkerJvmRefusedException(String message, String jvmSaid) {
        super(message);
        this.jvmSaid = jvmSaid;
    }

    /**
     * What the JVM said, its lines joined by {@code "; "}, as it wrote them (not escaped).
     *
     * @return the JVM's words
     */
    public String jvmSaid() {
        return jvmSaid;
    }
}
