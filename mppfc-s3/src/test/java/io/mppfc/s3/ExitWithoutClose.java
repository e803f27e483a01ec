package io.mppfc.s3;

import io.mppfc.Mppfc;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** A program that computes one value with a shared store and exits without closing anything. */
public final class ExitWithoutClose {

    private ExitWithoutClose() {
    }

    static long triple(long x) {
        return 3 * x;
    }

    /**
     * @param args endpoint, cache root, the value's argument
     */
    public static void main(String[] args) {
        S3Store store = S3Store.builder().bucket(S3ProxyServer.BUCKET).prefix("p").endpoint(URI.create(args[0]))
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3ProxyServer.IDENTITY,
                        S3ProxyServer.CREDENTIAL))).build();
        var f = Mppfc.cache(ExitWithoutClose::triple).path(Path.of(args[1])).shared(store).build();
        f.apply(Long.parseLong(args[2]));
        // no close(): the JVM exits with the upload queued
    }
}
