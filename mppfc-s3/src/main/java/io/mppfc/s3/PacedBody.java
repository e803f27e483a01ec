package io.mppfc.s3;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * An object's body that must keep coming: at least {@link #LEAST_BYTES} (or the rest of the
 * body) in every span of the store's timeout. The socket's timeout ends a body that stops; a
 * store that sends a byte now and then, never idle for a timeout, would otherwise hold a pull
 * (or a lookup's thread) for as long as its declared length lasts at that pace: hours. The
 * bound is a pace, not a total time, so a large pack on a slow but working link is never cut.
 */
final class PacedBody extends FilterInputStream {

    /** What every span of the timeout must bring: 64 KiB in 10 s is 6.4 KB/s, below any link that works. */
    static final long LEAST_BYTES = 64 * 1024;

    private final Duration span;
    private final String what;
    private final Runnable abort;
    private long spanStart = System.nanoTime();
    private long inSpan;
    private long left;

    /**
     * @param body the body
     * @param declared its declared length
     * @param span the store's timeout
     * @param what the object (escaped) and the store, for the error
     * @param abort drops the connection (never drained)
     */
    PacedBody(InputStream body, long declared, Duration span, String what, Runnable abort) {
        super(body);
        this.span = span;
        this.what = what;
        this.abort = abort;
        this.left = declared;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            inSpan += n;
            left -= n;
        }
        long now = System.nanoTime();
        if (now - spanStart >= span.toNanos()) {
            if (inSpan < LEAST_BYTES && left > 0) {
                abort.run();
                throw new IOException("the object " + what + " came too slowly: " + inSpan
                        + " bytes in " + span.toMillis() + " ms, less than the " + LEAST_BYTES + " bytes a span of the "
                        + "store's timeout must bring (a store that stalls, or a link too slow to share results over)");
            }
            spanStart = now;
            inSpan = 0;
        }
        return n;
    }
}
