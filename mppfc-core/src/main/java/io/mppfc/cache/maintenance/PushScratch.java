package io.mppfc.cache.maintenance;

import io.mppfc.files.StaleScratch;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The scratch directories of pushes that were killed while they gathered loose entries into
 * packs (SIGKILL runs no close), in the system's temp directory. A later push removes those, as
 * {@link StaleScratch} sweeps: what a push writes there is packs and their temp files, regular
 * files of this user.
 */
final class PushScratch {

    static final String PREFIX = "mppfc-push-";
    /**
     * A push writes into its scratch as it gathers (each new pack, a change of the directory), so
     * one untouched this long is a killed push's, as shipping judges the temp directories a killed
     * shipment leaves.
     */
    static final Duration AGE = Duration.ofDays(1);
    /** Files a scratch may hold and still be taken for a push's: a push of a terabyte gathers about a thousand packs. */
    static final int MAX_FILES = 4096;

    /** A gathered pack, or the temp file it is written in (PackWriter's names). */
    private static final Pattern PACK = Pattern.compile("pack-[0-9a-f]{12}-[0-9a-f]{16}\\.mpk|\\.tmp-pack-[0-9a-f]{16}");
    private static final StaleScratch SWEEP = new StaleScratch("a push's scratch", PREFIX, AGE, MAX_FILES,
            (f, a, me) -> a.isRegularFile() && PACK.matcher(f.getFileName().toString()).matches());

    private PushScratch() {
    }

    /** Removes what killed pushes left beside {@code own}, this push's scratch, made just now. */
    static void sweep(Path own, Instant now) {
        SWEEP.sweep(own, now);
    }
}
