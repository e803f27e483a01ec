package io.mppfc.pool;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Whether a JVM on this machine mapped a class data file, from Linux's {@code /proc/<pid>/maps}:
 * a JVM maps an AppCDS archive or AOT cache it uses, and runs without one it refuses (a JDK 24+
 * AOT cache cut short, one recorded for other module options) with nothing said where the pool
 * silenced the JVM's class data log. A file it mapped and that was replaced since is listed with
 * " (deleted)" after its path, and still counts as mapped.
 */
final class ClassDataInUse {

    private ClassDataInUse() {
    }

    /**
     * @return whether process {@code pid} maps {@code file}; empty if that cannot be told (no
     *     {@code /proc}, the process gone, the file gone)
     */
    static Optional<Boolean> mapped(long pid, Path file) {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try {
            // the maps name the file as the kernel resolved it: links in the directory's path resolved
            String path = file.toRealPath().toString();
            try (BufferedReader lines = Files.newBufferedReader(maps, StandardCharsets.ISO_8859_1)) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.endsWith(path) || line.endsWith(path + " (deleted)")) {
                        return Optional.of(true);
                    }
                }
            }
            // a process that ended while its maps were read shows none: that says nothing
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(alive -> false);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
