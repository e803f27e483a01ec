package io.mppfc.cli;

import io.mppfc.s3.S3ProxyServer;
import io.mppfc.s3.S3Store;
import java.util.List;

/**
 * The shared store of one hostile-matrix cell: a prefix of its own in the test's S3 server, given
 * to the API as a store and to the commands as their {@code --shared} options. The commands run in
 * the test's JVM, so their credentials are the AWS chain's system properties ({@link #credentials()}).
 */
record SharedBucket(S3ProxyServer server, String prefix) {

    /** What every command that takes a shared store is given. */
    List<String> options() {
        return List.of("--shared", "s3://" + S3ProxyServer.BUCKET + "/" + prefix, "--shared-endpoint", server.url());
    }

    /** A store of the cell's prefix, for the API; the caller closes it. */
    S3Store store() {
        return server.store(prefix);
    }

    /** The system properties the AWS chain reads first, set while the shared cells run. */
    static List<String[]> credentials() {
        return List.of(new String[] {"aws.accessKeyId", S3ProxyServer.IDENTITY},
                new String[] {"aws.secretAccessKey", S3ProxyServer.CREDENTIAL},
                new String[] {"aws.disableEc2Metadata", "true"});
    }
}
