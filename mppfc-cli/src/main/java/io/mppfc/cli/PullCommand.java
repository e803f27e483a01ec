package io.mppfc.cli;

import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.FilePermissions;
import io.mppfc.cache.maintenance.SharedPull;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Downloads what the local cache lacks from a shared store, checked, merged into a new local pack. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download from a shared store (--shared) what the cache lacks: each pack holding a result the "
                + "cache has not, checked against its index (and its signature, with --shared-signing-key-file), and "
                + "the loose objects it lacks; then merge them into a new local pack. Nothing is visible before it "
                + "is whole and checked; a pull that is killed leaves nothing behind but scratch the next one removes. "
                + "Safe while programs read and write; one pull, gc or pack at a time per cache. Makes the cache "
                + "directory if it does not exist. A function one of whose objects the store fails to give (a server "
                + "error, say) is left out with a warning naming it, the others are pulled, and the exit code is 1.",
        footer = {"", "Examples:", "  mppfc pull --cache .cache --shared s3://team-bucket/scan",
                "  mppfc pull --shared s3://ci/scan --shared-endpoint http://minio:9000"})
final class PullCommand implements Callable<Integer> {

    @Mixin
    CacheRootOption root;

    @Mixin
    SharedOptions shared;

    @Option(names = "--function", paramLabel = "NAME",
            description = "Only this function (com.acme.Physics::slow, or its directory name).")
    String function;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        String only = SharedRoot.function(function);
        List<SharedPull.Result> results;
        try (SharedOptions.Opened opened = SharedRoot.required(shared, "pull")) {
            TransferProgress progress = TransferProgress.on(spec.commandLine().getErr(), "pull");
            try {
                // the root is made once the store answered: a pull that cannot reach it leaves no directory
                results = SharedPull.pull(this::rootForPull, opened.store(), only, progress);
            } finally {
                progress.finish();
            }
        }
        long refused = 0;
        long skipped = 0;
        for (SharedPull.Result r : results) {
            refused += r.refused();
            if (r.skipped()) {
                skipped++;
                out.printf("%s: not pulled, the store did not give it (%s)%n", Terminal.line(r.function()),
                        Terminal.line(r.unread()));
            } else if (r.packs() + r.looseObjects() == 0) {
                out.printf("%s: nothing to pull%n", Terminal.line(r.function()));
            } else {
                out.printf("%s: %s and %s downloaded (%s), %s new here%n", Terminal.line(r.function()),
                        Words.count(r.packs(), "pack"), Words.count(r.looseObjects(), "loose entry"),
                        Sizes.format(r.bytes()), Words.count(r.records(), "entry"));
            }
        }
        if (results.isEmpty()) {
            out.println("pull: the store holds no function" + (only == null ? "" : " " + Terminal.line(only)));
        }
        if (refused > 0) {
            out.printf("pull: %s failed the checks and %s not stored (see the warnings above); the values are "
                    + "computed again where needed%n", Words.count(refused, "object"), refused == 1 ? "was" : "were");
        }
        if (skipped > 0) {
            out.printf("pull: %s of %d not pulled, the others were (see the warnings above); check the store's "
                    + "permissions and health for the objects named%n", Words.count(skipped, "function"), results.size());
        }
        out.flush();
        return skipped > 0 ? MppfcCli.FAILED : 0;
    }

    /** The cache root; one that does not exist yet, or an empty directory, is made a cache root first. */
    private Path rootForPull() throws IOException {
        Path dir = root.cache;
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(dir, FilePermissions.directory());
            CacheMarker.markRoot(dir);
        } else if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            try (var children = Files.list(dir)) {
                if (children.findAny().isEmpty()) {
                    CacheMarker.markRoot(dir);
                }
            }
        }
        return root.forChange();
    }
}
