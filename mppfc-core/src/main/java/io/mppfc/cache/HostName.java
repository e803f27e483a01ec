package io.mppfc.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This machine's name for messages and failure records, without
 * {@code InetAddress.getLocalHost()}, which throws when it does not resolve.
 */
public final class HostName {

    private HostName() {
    }

    /**
     * Returns this machine's name.
     *
     * @return {@code "host <name>"}, or a phrase saying the name is unknown
     */
    public static String get() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).strip();
            if (!name.isEmpty()) {
                return "host " + name;
            }
        } catch (IOException | SecurityException e) {
            // not Linux: fall back on the environment
        }
        String name = System.getenv("HOSTNAME");
        return name == null || name.isBlank() ? "the worker's host" : "host " + name;
    }
}
