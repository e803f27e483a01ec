package io.mppfc.cache;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A SHA-256 cache key. Its entry file is named by all 64 hex digits, in the directory named by
 * the first three ({@link #directoryName()}).
 *
 * @since 0.1
 */
public final class CacheKey {

    private static final HexFormat HEX = HexFormat.of();
    private static final int DIRECTORY_DIGITS = 3;

    private final byte[] sha256;

    private CacheKey(byte[] sha256) {
        this.sha256 = sha256;
    }

    /**
     * @param sha256 the 32 bytes of the key
     * @throws IllegalArgumentException if not 32 bytes
     */
    public static CacheKey of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a cache key is 32 bytes (SHA-256), got " + sha256.length);
        }
        return new CacheKey(sha256.clone());
    }

    /**
     * @param hex 64 hex digits
     * @throws IllegalArgumentException if not 64 hex digits
     */
    public static CacheKey ofHex(String hex) {
        if (hex.length() != 64) {
            throw new IllegalArgumentException("a cache key is 64 hex digits, got \"" + hex + "\"");
        }
        return new CacheKey(HEX.parseHex(hex));
    }

    /**
     * The directory its entry file lives in: the first 12 bits as 3 hex digits, so a function
     * has at most 4096 entry directories, whatever the number of entries.
     *
     * @return 3 hex digits, 000 to fff
     */
    public String directoryName() {
        return hex().substring(0, DIRECTORY_DIGITS);
    }

    /** The number {@link #directoryName()} spells, 0 to 4095. */
    int directoryIndex() {
        return (sha256[0] & 0xff) << 4 | (sha256[1] & 0xff) >>> 4;
    }

    /** Its entry file in the directory of a function: {@code <directoryName>/<hex>}. */
    public Path entryIn(Path functionDirectory) {
        String hex = hex();
        // one resolve of both names: each resolve parses and checks the path, and hex() is computed once
        return functionDirectory.resolve(hex.substring(0, DIRECTORY_DIGITS) + '/' + hex);
    }

    public String hex() {
        return Hex.of(sha256);
    }

    /** The key's bytes {@code 8i .. 8i+7} as a big-endian long (i from 0 to 3), without a copy. */
    public long word(int i) {
        long w = 0;
        for (int b = 8 * i; b < 8 * i + 8; b++) {
            w = (w << 8) | (sha256[b] & 0xff);
        }
        return w;
    }

    /** Whether {@code bytes} hold this key at {@code offset}: one 32-byte compare, no copy. */
    public boolean isAt(byte[] bytes, int offset) {
        return Arrays.equals(sha256, 0, sha256.length, bytes, offset, offset + sha256.length);
    }

    public byte[] bytes() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheKey k && Arrays.equals(sha256, k.sha256);
    }

    @Override
    public int hashCode() {
        // the bytes of a hash are spread evenly already: four of them serve, where all 32 cost a
        // batch fold's key set a tenth of its time
        return (sha256[0] & 0xff) << 24 | (sha256[1] & 0xff) << 16 | (sha256[2] & 0xff) << 8 | (sha256[3] & 0xff);
    }

    @Override
    public String toString() {
        return hex();
    }
}
