package io.mppfc.pool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
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
     *     {@code /proc}, the process gone, the file gone, a path the maps may write otherwise)
     */
    static Optional<Boolean> mapped(long pid, Path file) {
        Path maps = Path.of("/proc", Long.toString(pid), "maps");
        try {
            // the maps name the file as the kernel resolved it: links in the directory's path resolved
            String path = file.toRealPath().toString();
            // the kernel writes a path's bytes as they are, a line break as \012: read in the
            // file names' own charset, a name outside ASCII (/home/jürgen) is the same string,
            // where a Latin-1 reading made it another and removed class data in use every run
            Charset names = fileNameCharset();
            if (names == null || !names.newEncoder().canEncode(path) || path.indexOf('\uFFFD') >= 0) {
                return Optional.empty(); // a name this JVM cannot write as the kernel does: nothing to tell by
            }
            String shown = path.replace("\n", "\\012");
            // lines end at \n alone: a carriage return in a name is written as it is
            String text = names.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(maps))).toString();
            for (String line : text.split("\n")) {
                if (line.endsWith(shown) || line.endsWith(shown + " (deleted)")) {
                    return Optional.of(true);
                }
            }
            // a process that ended while its maps were read shows none: that says nothing
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(alive -> false);
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The charset this JVM writes file names in, or null if it names none it knows. */
    private static Charset fileNameCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", StandardCharsets.UTF_8.name()));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
