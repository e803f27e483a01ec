package io.mppfc.s3;

import java.io.IOException;

/**
 * The store refuses every request, whatever the moment: the bucket does not exist, or the
 * credentials are refused. Asking again will not help; the configuration must change. The
 * message names the endpoint and the bucket, never a secret.
 *
 * @since 0.2
 */
public final class StoreRefusedException extends IOException {

    private static final long serialVersionUID = 1L;

    /**
     * A refusal that asking again will not change.
     *
     * @param message what was refused, naming the endpoint and the bucket
     * @param cause the client's exception
     */
    public StoreRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
