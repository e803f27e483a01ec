package io.mppfc.cli;

import io.mppfc.cache.maintenance.SharedPush;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Uploads what a shared store lacks: packs whole, each with its index last, and loose entries gathered into a pack. */
@Command(name = "push", mixinStandardHelpOptions = true,
        description = "Upload to a shared store (--shared) what it lacks: each pack holding a result the store has "
                + "not, whole, then its index (a push that is killed leaves nothing half-visible; run it again), and "
                + "the loose entries it lacks gathered into one new pack. Reads the cache only: safe while programs, "
                + "mppfc pull and mppfc pack run. Run mppfc pack first to send a big cache in a few objects.",
        footer = {"", "Examples:", "  mppfc push --cache .cache --shared s3://team-bucket/scan",
                "  mppfc push --shared s3://ci/scan --shared-endpoint http://minio:9000"})
final class PushCommand implements Callable<Integer> {

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
        List<SharedPush.Result> results;
        try (SharedOptions.Opened opened = SharedRoot.required(shared, "push")) {
            TransferProgress progress = TransferProgress.on(spec.commandLine().getErr(), "push");
            try {
                results = SharedPush.push(root.existing(), opened.store(), only, progress);
            } finally {
                progress.finish();
            }
        }
        long replaced = 0;
        for (SharedPush.Result r : results) {
            replaced += r.replaced();
            if (r.packs() + r.looseObjects() == 0) {
                out.printf("%s: nothing to push%n", Terminal.line(r.function()));
            } else {
                out.printf("%s: %s (%s) and %s uploaded, %s%n", Terminal.line(r.function()), Words.count(r.packs(), "pack"),
                        Words.count(r.records(), "entry"), Words.count(r.looseObjects(), "loose entry"),
                        Sizes.format(r.bytes()));
            }
        }
        if (results.isEmpty()) {
            out.println("push: the cache holds no function" + (only == null ? "" : " " + Terminal.line(only)));
        }
        if (replaced > 0) {
            out.printf("push: %d %s replaced by mppfc pack or pull while being read; run push again to send what "
                    + "replaced them%n", replaced, replaced == 1 ? "pack was" : "packs were");
        }
        out.flush();
        return 0;
    }
}
