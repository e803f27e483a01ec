package io.mppfc.launch;

import java.nio.file.Path;

/**
 * One classpath entry as it is shipped: named on the host by the SHA-256 of its bytes, so a
 * copy there is either exactly these bytes or not used.
 *
 * @param sha256 the bytes' SHA-256, 64 lower-case hex digits
 * @param size the bytes' length
 * @param file the local file with the bytes (the jar itself, or a class directory packed)
 * @param origin the classpath entry, for messages
 */
record ShippedJar(String sha256, long size, Path file, String origin) {

    /** Its name in the hosts' jar directory. */
    String fileName() {
        return sha256 + ".jar";
    }
}
