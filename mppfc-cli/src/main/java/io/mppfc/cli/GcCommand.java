package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.OldCodeVersions;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Evicts least recently used entries; safe while workers write. */
@Command(name = "gc", mixinStandardHelpOptions = true,
        description = "Evict the least recently used entries until the cache occupies at most a size on disk, or "
                + "those unused for a while, then pack what is left (see mppfc pack); packed entries keep their own "
                + "time of last use. With --keep-code-versions alone it only removes old code versions. "
                + "Safe while programs and workers read and write: an entry is a temp file until it is complete, and "
                + "a code version a running program has open is never removed. With --shared, --keep-code-versions "
                + "removes old code versions from the bucket instead (the versions written to last stay).",
        footer = {"", "Examples:", "  mppfc gc --cache .cache --max-size 10G", "  mppfc gc --cache .cache --older-than 30d",
                "  mppfc gc --shared s3://team-bucket/scan --keep-code-versions 3"})
final class GcCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Mixin
    SharedOptions shared;

    @Option(names = "--max-size", paramLabel = "SIZE", converter = Sizes.class,
            description = "Evict until the cache occupies at most this much disk space, e.g. 10G, 500M, judged once "
                    + "loose entries are packed (a small loose entry takes a block; packed, its own bytes). Counted as du "
                    + "does where Java can tell: each file rounded up to the file system's block, directories only on "
                    + "ext2/3/4 (tmpfs, btrfs and XFS give most none); a sparse file counts its full size, "
                    + "so a sparse file planted in the cache is counted at more than du says. When what the cache "
                    + "holds besides its entries (damaged files, the quarantine) alone exceeds SIZE, no entry is "
                    + "evicted for size and gc exits 1. A SIZE below what the cache keeps for itself (its directories, "
                    + "each function's small records), such as 0, evicts every entry.")
    Long maxSize;

    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Evict entries not used for this long, e.g. 30d, 12h.")
    Duration olderThan;

    @Option(names = "--keep-code-versions", paramLabel = "N",
            description = "Remove, per function, every code version but the N the latest runs used (see mppfc status) "
                    + "and those a running program or worker has open (they stay, and are counted); nothing is packed "
                    + "unless --max-size or --older-than is given too. A time of last use in the future (clock skew) "
                    + "counts as now.")
    Integer keepCodeVersions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (maxSize == null && olderThan == null && keepCodeVersions == null) {
            throw new UsageException("gc needs --max-size, --older-than or --keep-code-versions");
        }
        if (keepCodeVersions != null && keepCodeVersions < 1) {
            throw new UsageException("--keep-code-versions: keep at least 1 (the version the last run used), got "
                    + keepCodeVersions + "; mppfc clear removes a whole function");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (shared.given()) {
            return RemoteGc.collect(shared, maxSize != null || olderThan != null, keepCodeVersions, out);
        }
        if (keepCodeVersions != null) {
            OldCodeVersions.Removed removed = OldCodeVersions.remove(root.forChange(), keepCodeVersions);
            out.printf("gc: %s removed (%s, %s on disk)%n", Words.count(removed.versions(), "older code version"),
                    Words.count(removed.entries(), "entry"), Sizes.format(removed.diskBytes()));
            if (removed.inUse() > 0) {
                out.printf("gc: %s kept: in use by a running program or worker%n",
                        Words.count(removed.inUse(), "older code version"));
            }
            if (maxSize == null && olderThan == null) {
                out.flush();
                return 0;
            }
        }
        CacheInventory.GcResult r;
        try (Ticker ticker = Ticker.start(spec.commandLine().getErr(), "gc")) {
            ticker.at("evicting and packing");
            r = CacheInventory.collect(root.forChange(), maxSize == null ? -1 : maxSize, olderThan);
        }
        out.printf("gc: %s scanned, %d evicted (%s on disk), %d left because they were used meanwhile, "
                + "%s removed, %d packed; the cache now occupies %s%n", Words.count(r.scanned(), "entry"), r.evicted(),
                Sizes.format(r.freedBytes()), r.skipped(), Words.count(r.staleTempFiles(), "stale temp file"), r.packed(),
                Sizes.format(r.diskBytes()));
        if (r.belowBookkeepingBytes() > 0) {
            // --max-size 0 means "empty it": done, and said, rather than refused as out of reach
            out.printf("gc: --max-size %s is below what the cache keeps for itself (its directories and each "
                    + "function's records of its layout and use, %s): %s evicted; mppfc clear removes whole functions, "
                    + "records and all%n", Sizes.format(maxSize), Sizes.format(r.belowBookkeepingBytes()),
                    r.skipped() == 0 ? "every entry was" : "every entry but the " + r.skipped() + " used meanwhile was");
        }
        out.flush();
        if (r.outOfReachBytes() > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.printf("mppfc gc: --max-size %s cannot be met by evicting entries: the cache holds %s besides them "
                    + "(damaged or planted files, the quarantine, failure records), so none was evicted for size; "
                    + "mppfc verify moves damaged files to each function's .quarantine/, which you may delete%n",
                    Sizes.format(maxSize), Sizes.format(r.outOfReachBytes()));
            err.flush();
            return 1;
        }
        return 0;
    }
}
