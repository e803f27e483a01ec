package io.mppfc.cache;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 cache key and where its entry lives: the first 14 bits name the first directory
 * level, the next 14 the second, the remaining 228 bits the file (the original's split, which
 * keeps every directory at 16384 entries or fewer).
 *
 * @since 0.1
 */
public final class CacheKey {

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] sha256;

    private CacheKey(byte[] sha256) {
        this.sha256 = sha256;
    }

    /**
     * Returns the key.
     *
     * @param sha256 the 32 bytes of the key
     * @return the key
     * @throws IllegalArgumentException if not 32 bytes
     */
    public static CacheKey of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a cache key is 32 bytes (SHA-256), got " + sha256.length);
        }
        return new CacheKey(sha256.clone());
    }

    /**
     * Returns the key.
     *
     * @param hex 64 hex digits
     * @return the key
     * @throws IllegalArgumentException if not 64 hex digits
     */
    public static CacheKey ofHex(String hex) {
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a cache key is 64 hex digits, got \"" + hex + "\"");
        }
        return new CacheKey(HEX.parseHex(hex));
    }

    /**
     * Returns the first directory level: 4 hex digits, 0000 to 3fff.
     *
     * @return the first directory level: 4 hex digits, 0000 to 3fff
     */
    public String level1() {
        int bits = ((sha256[0] & 0xff) << 6) | ((sha256[1] & 0xff) >>> 2);
        return hex4(bits);
    }

    /**
     * Returns the second directory level: 4 hex digits, 0000 to 3fff.
     *
     * @return the second directory level: 4 hex digits, 0000 to 3fff
     */
    public String level2() {
        int bits = ((sha256[1] & 0x03) << 12) | ((sha256[2] & 0xff) << 4) | ((sha256[3] & 0xff) >>> 4);
        return hex4(bits);
    }

    /**
     * Returns the file name: the remaining 228 bits as 57 hex digits.
     *
     * @return the file name: the remaining 228 bits as 57 hex digits
     */
    public String fileName() {
        return HEX.toHexDigits((byte) (sha256[3] & 0x0f)).substring(1) + HEX.formatHex(sha256, 4, 32);
    }

    private static String hex4(int bits) {
        return HEX.toHexDigits((short) bits);
    }

    /**
     * Returns the 64 hex digits of the key.
     *
     * @return the 64 hex digits of the key
     */
    public String hex() {
        return HEX.formatHex(sha256);
    }

    /**
     * Returns a copy of the 32 key bytes.
     *
     * @return a copy of the 32 key bytes
     */
    public byte[] bytes() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && Arrays.equals(sha256, k.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sha256);
    }

    @Override
    public String toString() {
        return hex();
    }
}
