package io.mppfc.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Class data of a test's own: the workers of this JVM keep it in a directory of the test's, not the user's. */
final class TestClassData {

    static final boolean AOT = Runtime.version().feature() >= 24;
    static final String EXTENSION = AOT ? ".aot" : ".jsa";
    /** A trainee runs at the lowest priority: on a busy machine it may take minutes. */
    static final long SECONDS = 300;

    private TestClassData() {
    }

    /** @return the directory, {@code cds} under {@code root}, not made yet */
    static Path use(Path root) {
        Path archives = root.resolve("cds");
        System.setProperty("mppfc.cdsDir", archives.toString());
        return archives;
    }

    static void forget() {
        System.clearProperty("mppfc.cdsDir");
    }

    /** The archives or AOT caches in {@code dir}, none if it is missing. */
    static List<Path> archivesIn(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(a -> a.getFileName().toString().endsWith(EXTENSION)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
