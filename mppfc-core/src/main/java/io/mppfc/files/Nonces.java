package io.mppfc.files;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Unpredictable bytes for the names mppfc makes (temp files, scratch directories, slots, tags)
 * and for seeds, read from the operating system's generator ({@code /dev/urandom}) through a
 * stream opened at the first use and kept: one {@code read} per call, as the JDK's default
 * {@code SecureRandom} (NativePRNG) makes, without loading the security providers on the way.
 * A fresh JVM's first {@code new SecureRandom()} loads them (the {@code java.security} file,
 * the provider list, SHA1PRNG for NativePRNG's mixing): 13-14 ms of CPU on JDK 17, which a
 * worker paid in {@code CacheLayout}'s static initialiser on its way to its first result; the
 * first read here costs 0.1 ms. Where there is no such device (not a character device, or not
 * readable), a {@link SecureRandom} made then takes its place.
 *
 * <p>What the randomness of a name protects is uniqueness against every other process and
 * thread making names in the same directory, and a name no one else can plant ahead of it. A
 * planted name never gets a write through a link (the gate creates with {@code CREATE_NEW} and
 * never follows one), so unpredictability protects the write's success, not the bytes.
 */
public final class Nonces {

    private static final Path DEVICE = Path.of("/dev/urandom");

    private Nonces() {
    }

    /**
     * Fills {@code bytes} with unpredictable bytes.
     *
     * @param bytes where they go
     */
    public static void fill(byte[] bytes) {
        Source.SOURCE.fill(bytes);
    }

    /**
     * An unpredictable long.
     *
     * @return 64 unpredictable bits
     */
    public static long nextLong() {
        byte[] bytes = new byte[Long.BYTES];
        fill(bytes);
        return ByteBuffer.wrap(bytes).getLong();
    }

    /**
     * {@code bytes} unpredictable bytes as lower-case hex digits.
     *
     * @param bytes how many bytes (twice as many digits)
     * @return the digits
     */
    public static String hex(int bytes) {
        byte[] nonce = new byte[bytes];
        fill(nonce);
        return HexFormat.of().formatHex(nonce);
    }

    /** The generator, made at the first call: a class of its own, so that loading Nonces opens nothing. */
    private static final class Source {

        static final Source SOURCE = new Source();

        /**
         * The device, or null. A stream, not a channel: a channel is closed for good by a read
         * on an interrupted thread, and any thread may ask for a name.
         */
        private final FileInputStream device;
        /** Where the device is missing or fails: made then. Guarded by this object's lock, as the device is. */
        private SecureRandom fallback;

        private Source() {
            device = open();
        }

        private static FileInputStream open() {
            try {
                BasicFileAttributes a = Files.readAttributes(DEVICE, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                // a regular file of that name (a strange chroot) would give every process the same bytes
                return a.isOther() ? new FileInputStream(DEVICE.toFile()) : null;
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                return null;
            }
        }

        synchronized void fill(byte[] bytes) {
            if (device != null) {
                try {
                    if (device.readNBytes(bytes, 0, bytes.length) == bytes.length) {
                        return;
                    }
                } catch (IOException e) {
                    // the JDK's generator instead
                }
            }
            if (fallback == null) {
                fallback = new SecureRandom();
            }
            fallback.nextBytes(bytes);
        }
    }
}
