package io.mppfc.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Each test's own class data: the workers this JVM starts keep it in {@code cds} under the test's
 * temp directory, not in the user's, and their trainees run at normal priority; both settings
 * are forgotten after the test. Registered after the test's {@code @TempDir} field, which JUnit
 * fills before any {@code beforeEach}:
 * {@code @RegisterExtension final ClassDataDirectory classData = new ClassDataDirectory(() -> root);}
 */
final class ClassDataDirectory implements BeforeEachCallback, AfterEachCallback {

    private static final String DIRECTORY = "mppfc.cdsDir";

    private final Supplier<Path> root;
    private Path dir;

    ClassDataDirectory(Supplier<Path> root) {
        this.root = root;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        dir = Objects.requireNonNull(root.get(), "the test's @TempDir, filled before each test").resolve("cds");
        System.setProperty(DIRECTORY, dir.toString());
        System.setProperty(TestClassData.NICENESS, "0");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.clearProperty(DIRECTORY);
        System.clearProperty(TestClassData.NICENESS);
    }

    /** The directory: not made until a worker plans class data. */
    Path dir() {
        return dir;
    }

    /** The archives or AOT caches in it, none while it is missing. */
    List<Path> archives() {
        return TestClassData.archivesIn(dir);
    }

    /** Waits until it holds {@code archive} and nothing else: no second archive, no trainee's scratch or temp file. */
    void awaitAlone(String archive) throws InterruptedException {
        TestClassData.await(archive + " alone in its directory", dir, this::holdsOneArchiveAlone);
    }

    /** Waits until it holds {@code count} archives, whatever else. */
    void awaitArchives(String what, int count) throws InterruptedException {
        TestClassData.await(what, dir, () -> archives().size() == count);
    }

    private boolean holdsOneArchiveAlone() {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.toList();
            return all.size() == 1 && all.get(0).getFileName().toString().endsWith(TestClassData.EXTENSION);
        } catch (IOException e) {
            return false; // not made yet
        }
    }
}
