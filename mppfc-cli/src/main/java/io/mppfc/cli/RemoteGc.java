package io.mppfc.cli;

import io.mppfc.cache.maintenance.SharedInventory;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * {@code mppfc gc --shared URL --keep-code-versions N}: collects old code versions in a shared
 * store. A store cannot tell which versions running programs use, so a version's last use there
 * is the last time anything of it was written, and a version written within the last hour stays
 * ({@link SharedInventory}).
 */
final class RemoteGc {

    private RemoteGc() {
    }

    static int collect(SharedOptions shared, boolean bySizeOrAge, Integer keep, PrintWriter out) throws IOException {
        if (bySizeOrAge || keep == null) {
            throw new UsageException("gc --shared collects code versions only: give --keep-code-versions N "
                    + "(--max-size and --older-than are for the local cache, without --shared)");
        }
        try (SharedOptions.Opened opened = shared.open()) {
            SharedInventory.Removed removed = SharedInventory.collect(opened.store(), keep);
            out.printf("gc: %s removed from %s (%s, %s)%n", Words.count(removed.versions(), "older code version"),
                    Terminal.line(opened.store().toString()), Words.count(removed.objects(), "object"),
                    Sizes.format(removed.bytes()));
            if (removed.recent() > 0) {
                out.printf("gc: %s kept: written within the last hour (a run elsewhere may be using it)%n",
                        Words.count(removed.recent(), "older code version"));
            }
            out.flush();
            return 0;
        }
    }
}
