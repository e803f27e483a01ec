package io.mppfc.s3;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * The credentials chain, with its failure to find any told apart by type from a store that
 * cannot be reached: the first is the user's to fix before anything is asked (one line, exit 2),
 * the second is said once while the run goes on locally ({@link S3Errors}).
 */
final class FoundCredentials implements AwsCredentialsProvider {

    /** The chain found no credentials; what it said, a paragraph of its providers' class names, stays out of messages. */
    static final class NoneFound extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NoneFound(Throwable chainSaid) {
            super("the AWS credentials chain found no credentials", chainSaid, false, false);
        }
    }

    private final AwsCredentialsProvider chain;

    FoundCredentials(AwsCredentialsProvider chain) {
        this.chain = chain;
    }

    @Override
    public AwsCredentials resolveCredentials() {
        try {
            return chain.resolveCredentials();
        } catch (SdkClientException e) {
            throw SdkClientException.create("no AWS credentials", new NoneFound(e));
        }
    }
}
