package io.mppfc;

import io.mppfc.cache.maintenance.CacheInventory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program of one member of a team: opens the team's cache at {@code args[0]} (made for group
 * {@code args[1]}, or {@code -} to give no group and follow the root's mode), stores results
 * {@code args[2]} to {@code args[3]}, packs them, and leaves a file of its own beside the cache
 * to show which umask it ran with.
 */
public final class TeamCacheProgram {

    private TeamCacheProgram() {
    }

    static double square(double x) {
        return x * x;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        CacheBuilder<MultiProcCachedFunction1<Double, Double>> builder = Mppfc.cache(TeamCacheProgram::square).path(root)
                .strictPermissions(true);
        if (!args[1].equals("-")) {
            builder.sharedWithGroup(args[1]);
        }
        try (var f = builder.build()) {
            for (int i = Integer.parseInt(args[2]); i <= Integer.parseInt(args[3]); i++) {
                f.apply((double) i);
            }
        }
        CacheInventory.pack(root, CacheInventory.functionDirectories(root));
        Files.createFile(root.resolveSibling("umask-probe-" + args[2]));
        System.out.println("done");
    }
}
