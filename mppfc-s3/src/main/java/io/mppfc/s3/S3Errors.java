package io.mppfc.s3;

import io.mppfc.text.ShownText;
import java.io.IOException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One line for what went wrong with a request, naming the store and never a secret. What the
 * server said (its error code, the client's message about the answer) and the object's key are
 * the store's text, not ours: they are shown escaped, so a newline or an ESC in them cannot start
 * a line of its own or repaint a terminal wherever the message is printed or logged.
 */
final class S3Errors {

    /** Characters of an error code kept: S3's are single words of at most 40. */
    private static final int CODE = 100;

    private S3Errors() {
    }

    static IOException describe(SdkException e, String where, String object) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FoundCredentials.NoneFound) {
                return new StoreRefusedException(where + " needs credentials, and the AWS chain found none: set "
                        + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (a profile in ~/.aws), or run "
                        + "where a role gives them (an instance, a container, web identity)", e);
            }
        }
        if (e instanceof AwsServiceException s) {
            String raw = s.awsErrorDetails() == null ? null : s.awsErrorDetails().errorCode();
            String code = raw == null ? null : ShownText.line(raw, CODE);
            int status = s.statusCode();
            if (status == 403 && code != null && (code.equals("InvalidAccessKeyId") || code.equals("SignatureDoesNotMatch")
                    || code.equals("AccessDenied") || code.equals("InvalidToken") || code.equals("ExpiredToken"))) {
                return new StoreRefusedException(where + " refused the credentials (" + code + "): check the access key of the "
                        + "AWS credentials chain (AWS_ACCESS_KEY_ID, AWS_PROFILE, ...) and its permissions on the bucket", e);
            }
            if (status == 404 && "NoSuchBucket".equals(code)) {
                return new StoreRefusedException(where + " has no such bucket: create it, or check the bucket's name", e);
            }
            return new IOException(where + " answered HTTP " + status + (code == null ? "" : " " + code) + " for "
                    + ShownText.line(object), e);
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : ShownText.line(e.getMessage());
        return new IOException(where + " could not be reached: " + message, e);
    }
}
