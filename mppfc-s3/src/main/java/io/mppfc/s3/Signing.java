package io.mppfc.s3;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 tags on objects: an object is the entry followed by the tag of its name and bytes,
 * so write access to the bucket alone can neither plant a value nor move one to another key
 * (another function, code version or arguments). The key never leaves this class.
 */
final class Signing {

    static final int TAG = 32;
    static final int MIN_KEY = 32;
    /** The largest key file read: an HMAC key longer than its block is hashed anyway, and a larger file is no key. */
    static final int MAX_KEY = 4096;
    private static final byte[] DOMAIN = "mppfc-shared-entry/1\0".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    Signing(byte[] key) {
        if (key.length < MIN_KEY) {
            throw new IllegalArgumentException("signingKey: at least " + MIN_KEY + " bytes (256 bits) of random data, "
                    + "got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    private byte[] tag(String objectKey, byte[] entry, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(DOMAIN);
            mac.update(objectKey.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(entry, 0, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    /** The entry followed by its tag. */
    byte[] sign(String objectKey, byte[] entry) {
        byte[] signed = Arrays.copyOf(entry, entry.length + TAG);
        System.arraycopy(tag(objectKey, entry, entry.length), 0, signed, entry.length, TAG);
        return signed;
    }

    /** The entry, if the object ends in its valid tag; else null. */
    byte[] verified(String objectKey, byte[] object) {
        if (object.length < TAG) {
            return null;
        }
        int length = object.length - TAG;
        byte[] expected = tag(objectKey, object, length);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(object, length, object.length))
                ? Arrays.copyOf(object, length) : null;
    }
}
