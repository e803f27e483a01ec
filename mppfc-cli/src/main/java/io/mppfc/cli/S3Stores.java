package io.mppfc.cli;

import io.mppfc.s3.S3Store;
import io.mppfc.s3.StoreRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The one class of the command line that names {@code mppfc-s3}: the AWS SDK is loaded when a
 * command is given {@code --shared}, never otherwise (docs/DESIGN.md, "The command line's shared
 * store").
 */
final class S3Stores {

    /** An object no one writes: asking for it checks the credentials and the bucket in one request. */
    static final String PROBE = "mppfc-probe-no-such-object";

    private S3Stores() {
    }

    /** What {@link SharedOptions} parsed. */
    record Settings(String bucket, String prefix, URI endpoint, String region, Path signingKeyFile) {
    }

    static SharedOptions.Opened open(Settings settings, SharedOptions options) {
        S3Store.Builder builder = S3Store.builder();
        try {
            builder.bucket(settings.bucket()).prefix(settings.prefix());
            if (settings.endpoint() != null) {
                builder.endpoint(settings.endpoint());
            }
            if (settings.region() != null) {
                builder.region(settings.region());
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException("--shared " + options.where() + ": " + e.getMessage());
        }
        if (settings.signingKeyFile() != null) {
            try {
                builder.signingKeyFile(settings.signingKeyFile());
            } catch (UncheckedIOException e) {
                throw new UsageException("--shared-signing-key-file: cannot read " + settings.signingKeyFile() + ": "
                        + io.mppfc.files.IoText.describe(e.getCause()));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--shared-signing-key-file " + settings.signingKeyFile() + ": "
                        + e.getMessage().replace("signingKey: ", "")
                                .replace("signingKeyFile: " + settings.signingKeyFile() + " holds", "it holds"));
            }
        }
        builder.uploadArguments(!options.withoutArguments);
        S3Store store = builder.build();
        try {
            store.get(PROBE, 0);
        } catch (StoreRefusedException e) {
            store.close();
            throw new UsageException("--shared: " + e.getMessage());
        } catch (IOException e) {
            // unreachable or failing now: the run goes on with the local cache, and the library says so once
        }
        return new SharedOptions.Opened(store, store);
    }
}
