package io.mppfc;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cache.HostName;
import io.mppfc.footprint.Footprint;
import io.mppfc.protocol.FailureText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;

/**
 * The failures of one function's code version on disk, as calls in this JVM see them: each
 * failure here is recorded, each success removes a record, and with
 * {@code skipKnownFailures(true)} a recorded failure is the answer.
 */
final class KnownFailures {

    private final String name;
    private final FailureRecords records;
    private final boolean answerFromDisk;
    /** Loads the function's exception classes, to tell an Exception from an Error. */
    private final ClassLoader loader;

    KnownFailures(String name, FailureRecords records, boolean answerFromDisk, ClassLoader loader) {
        this.name = name;
        this.records = records;
        this.answerFromDisk = answerFromDisk;
        this.loader = loader;
    }

    /**
     * Whether a recorded failure would come again: the function threw an {@link Exception}. An
     * {@link Error} depends on the JVM's settings (stack, heap); a death, a timeout or a result not
     * stored on the machine and the moment. A class that cannot be loaded here is not known to be
     * an Exception, and is computed again: a needless computation costs less than a result
     * withheld for good.
     *
     * @param failure a recorded failure
     * @param loader loads the function's classes
     * @return whether {@code skipKnownFailures} answers with it
     */
    static boolean deterministic(FailureRecords.Failure failure, ClassLoader loader) {
        if (failure.kind() != FailureKind.THREW) {
            return false;
        }
        try {
            return Exception.class.isAssignableFrom(Class.forName(failure.exceptionClass(), false, loader));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The recorded failure to answer a call with, or null to compute it. */
    ErroneousFunctionCall known(CacheKey key, Object[] arguments) {
        if (!answerFromDisk) {
            return null;
        }
        FailureRecords.Failure failure;
        try {
            failure = records.read(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the failure records of " + name + ": " + e, e);
        }
        if (failure == null || !deterministic(failure, loader)) {
            return null;
        }
        return new ErroneousFunctionCall(CallText.call(name, arguments) + " failed (a known failure "
                + "of this code version, recorded " + failure.at() + " on " + failure.host() + "; not computed again "
                + "because of skipKnownFailures(true))", failure.kind(), failure.exceptionClass(), failure.message(),
                failure.stackTrace(), null);
    }

    void failed(CacheKey key, Object[] arguments, Throwable thrown, Duration took) {
        if (thrown instanceof OutOfMemoryError) {
            return; // this JVM's state, not the function's answer
        }
        Throwable reported = thrown instanceof ErroneousFunctionCall && thrown.getCause() != null ? thrown.getCause()
                : thrown;
        // bounded before the record is built: a 10 MB message or a 10,000-deep chain makes a record of at most
        // FailureText's bounds, not one the next run sets aside as too large, nor a StackOverflowError here
        FailureText text = FailureText.of(reported);
        try {
            records.record(new FailureRecords.Failure(key, Footprint.ofArguments(arguments), FailureKind.THREW,
                    text.exceptionClass(), text.message(), text.stackTrace(), HostName.get(), took, 1, Instant.now()));
        } catch (IOException | RuntimeException e) {
            thrown.addSuppressed(new IOException("its failure could not be recorded in the cache: " + e, e));
        }
    }

    void succeeded(CacheKey key) {
        try {
            records.succeeded(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the failure record of " + name + " that has now succeeded: "
                    + e, e);
        }
    }
}
