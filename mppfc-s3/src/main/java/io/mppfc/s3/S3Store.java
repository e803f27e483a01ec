package io.mppfc.s3;

import io.mppfc.SharedStore;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A shared store in an S3 bucket (AWS S3, or any S3-compatible store given by its endpoint:
 * MinIO, Ceph RGW, Cloudflare R2, Garage, s3proxy):
 *
 * <pre>{@code
 * try (S3Store store = S3Store.builder().bucket("b").prefix("team/scan").build()) {
 *     var f = Mppfc.cache(Scan::run).shared(store).build();
 * }
 * }</pre>
 *
 * Objects are {@code <prefix>/<function>@<code version>/<64 hex digits>}. Credentials come from
 * the AWS SDK's standard chain (system properties, environment, profile files, web identity,
 * container and instance roles); they are never printed. Thread-safe.
 *
 * @since 0.2
 */
public final class S3Store implements SharedStore, AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(S3Store.class);

    private final S3Objects objects;
    private final String bucket;
    private final String prefix;
    private final String where;
    private final Duration timeout;
    /** Null: objects are not signed. */
    private final Signing signing;
    private final boolean uploadArguments;

    private S3Store(Builder b) {
        this.bucket = b.bucket;
        this.prefix = b.prefix;
        this.timeout = b.timeout;
        this.signing = b.signing;
        this.uploadArguments = b.uploadArguments;
        this.where = "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix)
                + (b.endpoint == null ? "" : " at " + b.endpoint);
        S3ClientBuilder client = S3Client.builder()
                // a socket's timeout bounds reads only: uploads are held to a pace of their own
                .httpClient(new PacedUploads(UrlConnectionHttpClient.builder().connectionTimeout(b.timeout)
                        .socketTimeout(b.timeout).build(), b.timeout))
                // the whole call, retries included, within the time a lookup waits: a retry sent after
                // the lookup gave up asked a store already found unavailable (one more request, racing)
                .overrideConfiguration(c -> c.apiCallTimeout(b.timeout).apiCallAttemptTimeout(b.timeout))
                // every entry carries its own CRC32C, checked on read: the SDK's checksums add
                // nothing, and several S3-compatible stores refuse the trailing ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(new FoundCredentials(b.credentials != null ? b.credentials
                        : DefaultCredentialsProvider.builder().build()));
        if (b.endpoint != null) {
            client.endpointOverride(b.endpoint);
        }
        if (b.region != null) {
            client.region(Region.of(b.region));
        } else if (b.endpoint != null) {
            client.region(Region.US_EAST_1); // most S3-compatible stores take any region; the SDK needs one
        } else {
            // AWS without a region named: the chain's, else any, and S3's redirect to the bucket's own
            // region is followed (a laptop or CI job with only an access key has no region anywhere)
            client.region(regionOfTheChain()).crossRegionAccessEnabled(true);
        }
        client.forcePathStyle(b.pathStyle != null ? b.pathStyle : b.endpoint != null);
        this.objects = new S3Objects(client.build(), bucket, where, b.maxListed, b.timeout);
    }

    /** The region of the AWS chain (AWS_REGION, the profile, instance metadata), else us-east-1. */
    private static Region regionOfTheChain() {
        try {
            return software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain.builder().build().getRegion();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            return Region.US_EAST_1;
        }
    }

    /**
     * A builder of a store.
     *
     * @return a builder; {@link Builder#bucket(String)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    private String objectKey(String key) {
        return prefix.isEmpty() ? key : prefix + "/" + key;
    }

    @Override
    public byte[] get(String key, long maxBytes) throws IOException {
        String object = objectKey(key);
        if (signing == null) {
            return objects.get(object, maxBytes);
        }
        byte[] signed = objects.get(object, maxBytes + Signing.TAG);
        if (signed == null) {
            return null;
        }
        byte[] entry = signing.verified(object, signed);
        if (entry == null) {
            LOG.warn("ignored the object {} in {}: it has no valid signature (unsigned, signed with another key, or "
                    + "moved from another key)", io.mppfc.text.ShownText.line(object), where);
        }
        return entry;
    }

    @Override
    public void put(String key, byte[] bytes) throws IOException {
        String object = objectKey(key);
        objects.put(object, signing == null ? bytes : signing.sign(object, bytes));
    }

    @Override
    public boolean uploadsArguments() {
        return uploadArguments;
    }

    @Override
    public Duration lookupTimeout() {
        return timeout;
    }

    @Override
    public void close() {
        objects.close();
    }

    /** Where it is: bucket, prefix and endpoint (never credentials). */
    @Override
    public String toString() {
        return where;
    }

    /** Configures an {@link S3Store}; {@link #bucket(String)} is required. */
    public static final class Builder {
        private String bucket;
        private String prefix = "";
        private URI endpoint;
        private String region;
        private Boolean pathStyle;
        private Duration timeout = Duration.ofSeconds(10);
        private AwsCredentialsProvider credentials;
        private Signing signing;
        private boolean uploadArguments = true;
        private long maxListed = S3Objects.maxListedInHeap();

        private Builder() {
        }

        /**
         * Whether uploaded entries hold the arguments they were computed from (the default), or
         * only their key: then whoever can read the bucket cannot tell what was computed, and
         * readers still check that an object is the key's ({@link SharedStore#uploadsArguments}).
         *
         * @param upload false to keep arguments out of the bucket
         * @return this builder
         */
        public Builder uploadArguments(boolean upload) {
            this.uploadArguments = upload;
            return this;
        }

        /**
         * Signs every object uploaded with HMAC-SHA256 under this key, and takes objects without a
         * valid tag for misses: write access to the bucket alone then cannot plant a value or move
         * one to another key. Every machine sharing the bucket needs the same key; keep it out of
         * the bucket's reach (a file readable only by the user, a CI secret).
         *
         * @param key at least 32 bytes of random data (the array is copied)
         * @return this builder
         */
        public Builder signingKey(byte[] key) {
            this.signing = new Signing(Objects.requireNonNull(key, "signingKey must not be null"));
            return this;
        }

        /**
         * As {@link #signingKey(byte[])}, with the key read from a file (its bytes as they are).
         *
         * @param file a file of at least 32 random bytes, such as {@code head -c 32 /dev/urandom > key}
         * @return this builder
         * @throws java.io.UncheckedIOException if the file cannot be read, naming it
         * @throws IllegalArgumentException if it holds fewer than 32 bytes, or more than 4096 (then it
         *     is not read further)
         */
        public Builder signingKeyFile(java.nio.file.Path file) {
            byte[] key;
            // bounded: a key file named by mistake (a jar, /dev/zero, an endless pipe) is refused, not read whole
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                key = in.readNBytes(Signing.MAX_KEY + 1);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("signingKeyFile: cannot read " + file + ": " + e.getMessage(), e);
            }
            if (key.length > Signing.MAX_KEY) {
                throw new IllegalArgumentException("signingKeyFile: " + file + " holds more than " + Signing.MAX_KEY
                        + " bytes, so it is not a signing key (at least " + Signing.MIN_KEY + " random bytes, such as "
                        + "head -c 32 /dev/urandom > key)");
            }
            return signingKey(key);
        }

        /**
         * Names the bucket.
         *
         * @param bucket the bucket's name (it must exist)
         * @return this builder
         */
        public Builder bucket(String bucket) {
            Objects.requireNonNull(bucket, "bucket must not be null");
            if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
                throw new IllegalArgumentException("bucket: an S3 bucket name is 3 to 63 lower-case letters, digits, "
                        + "dots and hyphens, got \"" + bucket + "\"");
            }
            this.bucket = bucket;
            return this;
        }

        /**
         * Where in the bucket the cache lives; default the bucket's root. Several caches (teams,
         * projects) can share a bucket under different prefixes.
         *
         * @param prefix path segments separated by {@code /}, without a leading or trailing one
         * @return this builder
         */
        public Builder prefix(String prefix) {
            Objects.requireNonNull(prefix, "prefix must not be null");
            if (!prefix.isEmpty() && !prefix.matches("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*")) {
                throw new IllegalArgumentException("prefix: path segments of letters, digits, '.', '_' and '-' "
                        + "separated by '/', without a leading or trailing '/', got \"" + prefix + "\"");
            }
            this.prefix = prefix;
            return this;
        }

        /**
         * The endpoint of an S3-compatible store other than AWS S3 (MinIO, Ceph RGW, R2, s3proxy);
         * path-style access is then the default.
         *
         * @param endpoint for example {@code http://minio.lan:9000}
         * @return this builder
         */
        public Builder endpoint(URI endpoint) {
            Objects.requireNonNull(endpoint, "endpoint must not be null");
            if (endpoint.getScheme() == null || !endpoint.getScheme().matches("https?") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint: an http:// or https:// URL with a host, got " + endpoint);
            }
            if (endpoint.getRawUserInfo() != null) {
                // said without the URL: it holds a secret, and this store names its endpoint in every message
                throw new IllegalArgumentException("endpoint: the URL holds credentials (user:password@), which would be "
                        + "shown wherever the store is named; give the URL without them (http://" + endpoint.getHost()
                        + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + ") and the credentials through "
                        + "the AWS chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile)");
            }
            this.endpoint = endpoint;
            return this;
        }

        /**
         * Names the bucket's region.
         *
         * @param region the bucket's region, such as {@code eu-west-1}; default the SDK's region
         *     chain (and, for AWS, the bucket's own region, found from S3's redirect when the chain
         *     has none or another), or {@code us-east-1} with an endpoint
         * @return this builder
         */
        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region must not be null");
            return this;
        }

        /**
         * Chooses how objects are addressed.
         *
         * @param pathStyle whether objects are addressed as {@code endpoint/bucket/key} (default
         *     with an endpoint) rather than {@code bucket.endpoint/key} (default for AWS)
         * @return this builder
         */
        public Builder pathStyle(boolean pathStyle) {
            this.pathStyle = pathStyle;
            return this;
        }

        /**
         * How long a connection, a read or a lookup may take; default 10 seconds. A store that
         * does not answer in time is not asked again for a while (the run goes on locally).
         *
         * @param timeout a positive duration
         * @return this builder
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout must not be null");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: a positive duration, got " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** A bound of a listing other than the heap's: for tests, which cannot fill a bucket with millions. */
        Builder maxListed(long objects) {
            this.maxListed = objects;
            return this;
        }

        /** Credentials other than the standard chain's: for tests. */
        Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * Makes the store.
         *
         * @return the store; its client is made now, and no request is sent until the first lookup
         * @throws IllegalStateException without a bucket
         */
        public S3Store build() {
            if (bucket == null) {
                throw new IllegalStateException("an S3Store needs a bucket: builder().bucket(\"name\")");
            }
            return new S3Store(this);
        }
    }

    /*
     * Whole caches: listing, ranged reads and whole files (mppfc push, pull, status --shared, gc
     * --shared, and lookups of packed entries). Files and ranges are stored as they are, unsigned:
     * a pack's records are vouched for by its signed index.
     */

    @Override
    public java.util.List<Listed> list(String keyPrefix) throws IOException {
        return objects.list(objectKey(keyPrefix), prefix.isEmpty() ? 0 : prefix.length() + 1);
    }

    @Override
    public byte[] getRange(String key, long offset, int length) throws IOException {
        return objects.getRange(objectKey(key), offset, length);
    }

    /** {@inheritDoc} A symbolic link at the file's name, or anything but a regular file, is refused. */
    @Override
    public void putFile(String key, java.nio.file.Path file) throws IOException {
        objects.putFile(objectKey(key), file);
    }

    /** {@inheritDoc} A symbolic link at the target's name is refused, never written through. */
    @Override
    public boolean getFile(String key, java.nio.file.Path target, long maxBytes) throws IOException {
        return objects.getFile(objectKey(key), target, maxBytes);
    }

    @Override
    public void delete(String key) throws IOException {
        objects.delete(objectKey(key));
    }
}
