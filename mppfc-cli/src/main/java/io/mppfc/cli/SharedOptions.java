package io.mppfc.cli;

import io.mppfc.SharedStore;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options that put a shared store (an S3 bucket) behind the local cache, as one mixin of
 * every command that reads, computes or moves results. Without {@code --shared} nothing of the
 * S3 client is loaded: {@link #open()} is the only way to it, through {@link S3Stores}.
 */
final class SharedOptions {

    @Option(names = "--shared", paramLabel = "s3://BUCKET[/PREFIX]",
            description = "A bucket that machines share results through; what this command reads or writes there is "
                    + "said in its description above. Credentials come from the AWS chain (AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, AWS_PROFILE, instance and container roles).")
    String shared;

    @Option(names = "--shared-endpoint", paramLabel = "URL",
            description = "The endpoint of an S3-compatible store other than AWS S3 (MinIO, Ceph RGW, R2, Garage), "
                    + "e.g. http://minio.lan:9000; path-style access is then used.")
    String endpoint;

    @Option(names = "--shared-region", paramLabel = "REGION",
            description = "The bucket's region, e.g. eu-west-1 (default: the AWS region chain, or us-east-1 with "
                    + "--shared-endpoint).")
    String region;

    @Option(names = "--shared-signing-key-file", paramLabel = "FILE",
            description = "The key the bucket's results are signed with, HMAC-SHA256 (FILE: at least 32 random bytes, "
                    + "e.g. head -c 32 /dev/urandom > key): a result without a valid signature is not read, and what "
                    + "this command writes there is signed, so write access to the bucket alone cannot plant a value.")
    Path signingKeyFile;

    @Option(names = "--shared-without-arguments",
            description = "What this command writes to the bucket goes without the arguments it was computed from "
                    + "(only their key, a SHA-256 of them): readers still check the key; the bucket holds the results "
                    + "but not their arguments, which someone who can guess them can still confirm. Changes nothing "
                    + "for a command that writes nothing there.")
    boolean withoutArguments;

    /** Whether a shared store was asked for. */
    boolean given() {
        return shared != null;
    }

    /** The bucket and prefix as given, for messages. */
    String where() {
        return shared + (endpoint == null ? "" : " at " + endpoint);
    }

    /**
     * The store, checked by one request (credentials, bucket); an unreachable store is only said,
     * since the run goes on locally. Null without {@code --shared}.
     *
     * @throws UsageException for a malformed URL, a missing bucket, refused credentials or an
     *     unreadable key file: one line naming the endpoint and bucket, never a secret
     */
    Opened open() {
        if (!given()) {
            for (Object other : new Object[] {endpoint, region, signingKeyFile}) {
                if (other != null) {
                    throw new UsageException("--shared-endpoint, --shared-region and --shared-signing-key-file go with "
                            + "--shared s3://BUCKET/PREFIX: give it too, or leave them out");
                }
            }
            if (withoutArguments) {
                throw new UsageException("--shared-without-arguments goes with --shared s3://BUCKET/PREFIX");
            }
            return new Opened(null, null);
        }
        Location location = location();
        URI endpointUri = endpointUri();
        return S3Stores.open(new S3Stores.Settings(location.bucket(), location.prefix(), endpointUri, region,
                signingKeyFile), this);
    }

    /** Bucket and prefix of {@code s3://bucket/prefix}. */
    record Location(String bucket, String prefix) {
    }

    Location location() {
        String url = shared.strip();
        if (!url.startsWith("s3://")) {
            throw new UsageException("--shared: an s3://BUCKET/PREFIX URL, got \"" + Terminal.line(shared, 200) + "\"");
        }
        String rest = url.substring("s3://".length());
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        if (bucket.contains("@")) {
            // not repeated: what comes before the @ is a secret
            throw new UsageException("--shared: the URL holds credentials (KEY:SECRET@), which would be shown wherever "
                    + "the store is named; give s3://BUCKET/PREFIX and the credentials through the AWS chain "
                    + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE)");
        }
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isEmpty()) {
            throw new UsageException("--shared: no bucket in \"" + Terminal.line(shared, 200)
                    + "\"; give s3://BUCKET/PREFIX");
        }
        return new Location(bucket, prefix);
    }

    private URI endpointUri() {
        if (endpoint == null) {
            return null;
        }
        try {
            URI uri = new URI(endpoint.strip());
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new UsageException("--shared-endpoint: an http:// or https:// URL with a host, got \""
                        + Terminal.line(endpoint, 200) + "\"");
            }
            if (uri.getRawUserInfo() != null) {
                // not repeated: the user part holds a secret
                throw new UsageException("--shared-endpoint: the URL holds credentials (KEY:SECRET@), which would be "
                        + "shown wherever the store is named; give " + uri.getScheme() + "://" + Terminal.line(uri.getHost(), 200)
                        + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + " and the credentials through the AWS chain "
                        + "(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new UsageException("--shared-endpoint: not a URL: \"" + Terminal.line(endpoint, 200) + "\"");
        }
    }

    /**
     * An opened store, closed with the command; {@code store} is null without {@code --shared}.
     *
     * @param store the store, or null
     * @param closing what closes its client, or null
     */
    record Opened(SharedStore store, AutoCloseable closing) implements AutoCloseable {

        @Override
        public void close() {
            if (closing != null) {
                try {
                    closing.close();
                } catch (Exception e) {
                    // the client's connections go with the JVM; nothing of the cache depends on it
                }
            }
        }
    }
}
