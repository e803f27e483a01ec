package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache written by mppfc before the code fingerprint followed calls by type (commit d367150):
 * its {@code .code/} record and class files are test resources, kept as that mppfc wrote them.
 */
class EarlierVersionsTest {

    private static final String FIXTURE = "/io/mppfc/code/upgrade/";
    private static final List<String> CLASSES = List.of("Gauss", "Helpers", "Kernel", "Op", "Op$1", "Physics");
    private static final String SOURCES = "Gauss Helpers Kernel Op Physics";

    @TempDir
    Path dir;
    private Path classes;
    private Path store;
    private String earlier;
    private int edits;

    @BeforeEach
    void theEarlierCache() throws IOException {
        classes = Files.createDirectories(dir.resolve("classes/demo")).getParent();
        for (String name : CLASSES) {
            Files.write(classes.resolve("demo/" + name + ".class"), resource("classes/demo/" + name + ".class"));
        }
        store = Files.createDirectories(dir.resolve("cache/.code"));
        String record = "3a4b7d97a5f74ce387160d16fa3373d6";
        Files.write(store.resolve(record), resource("code/" + record));
        earlier = new String(resource("version"), java.nio.charset.StandardCharsets.UTF_8).strip();
    }

    @Test
    void theVersionAnEarlierMppfcRecordedIsAdoptedWhileItsClassFilesAreUnchanged() throws IOException {
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            assertThat(CodeFingerprint.of("demo.Physics", "slow", "(D)D", loader,
                    OwnCode.besideFunction("demo/Physics", loader)).version())
                    .as("the analysis of today gives these classes a new version").isNotEqualTo(earlier);
            assertThat(fingerprint(loader)).isEqualTo(earlier);
        }
        try (URLClassLoader nextRun = CompiledSources.loader(classes)) {
            assertThat(fingerprint(nextRun)).as("kept in today's record").isEqualTo(earlier);
        }
    }

    @Test
    void anAdoptedVersionStaysAdoptedAfterAnEditThatChangesNothingThatRuns() throws IOException {
        try (URLClassLoader upgrade = CompiledSources.loader(classes)) {
            assertThat(fingerprint(upgrade)).isEqualTo(earlier);
        }
        Path commented = editedBuild("Helpers", "    static double scale", "    // doubles it\n\n    static double scale");
        try (URLClassLoader loader = CompiledSources.loader(commented)) {
            assertThat(fingerprint(loader)).isEqualTo(earlier);
        }
        Path edited = editedBuild("Helpers", "x * 2", "x * 3");
        try (URLClassLoader loader = CompiledSources.loader(edited)) {
            assertThat(fingerprint(loader)).as("then an edit of what runs").isNotEqualTo(earlier);
        }
    }

    @Test
    void anEditedClassIsNotAdopted() throws IOException {
        Path edited = editedBuild("Helpers", "x * 2", "x * 3");
        try (URLClassLoader loader = CompiledSources.loader(edited)) {
            assertThat(fingerprint(loader)).isNotEqualTo(earlier);
        }
    }

    @Test
    void anEditedClassTheEarlierAnalysisDidNotFollowIsNotAdopted() throws IOException {
        // Gauss.eval, reached only through the interface: the earlier version did not depend on it, the new one does
        Path edited = editedBuild("Gauss", "-x * x", "-x * x / 2");
        try (URLClassLoader loader = CompiledSources.loader(edited)) {
            assertThat(fingerprint(loader)).isNotEqualTo(earlier);
        }
    }

    @Test
    void anEarlierRecordWithAnEditedVersionLineIsNotAdopted() throws IOException {
        Path record = store.resolve("3a4b7d97a5f74ce387160d16fa3373d6");
        Files.writeString(record, Files.readString(record).replace("version\t" + earlier, "version\t0123456789abcdef"));
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            assertThat(fingerprint(loader)).isNotEqualTo("0123456789abcdef").isNotEqualTo(earlier);
        }
    }

    private String fingerprint(ClassLoader loader) {
        return CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", loader, List.of(), store, true).version();
    }

    /** The fixture's sources compiled with one edit; the other classes as the fixture has them. */
    private Path editedBuild(String className, String from, String to) throws IOException {
        Map<String, String> sources = new java.util.LinkedHashMap<>();
        for (String name : SOURCES.split(" ")) {
            String text = new String(resource("sources/demo/" + name + ".java"), java.nio.charset.StandardCharsets.UTF_8);
            sources.put("demo/" + name + ".java", name.equals(className) ? text.replace(from, to) : text);
        }
        Path compiled = CompiledSources.compile(sources, dir.resolve("edited" + ++edits));
        for (String name : CLASSES) {
            if (!name.startsWith(className)) {
                Files.write(compiled.resolve("demo/" + name + ".class"), resource("classes/demo/" + name + ".class"));
            }
        }
        return compiled;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = EarlierVersionsTest.class.getResourceAsStream(FIXTURE + name)) {
            if (in == null) {
                throw new IOException("missing test resource " + FIXTURE + name);
            }
            return in.readAllBytes();
        }
    }
}
