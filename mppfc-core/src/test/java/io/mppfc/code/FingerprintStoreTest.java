package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code .code/} records: a record that was altered is damage, and the version is computed from the class files. */
class FingerprintStoreTest {

    static final String CALC = """
            package demo;

            public class Calc {
                public static double run(double x) {
                    return x * 2;
                }
            }
            """;

    @TempDir
    Path dir;
    private final AtomicInteger builds = new AtomicInteger();

    @Test
    void aRecordWhoseVersionLineWasEditedToAnotherVersionsIsRefused() throws IOException {
        Path store = dir.resolve("cache/.code");
        String old = run(compile(CALC), store);
        Path edited = compile(CALC.replace("x * 2", "x * 3"));
        String current = run(edited, store);
        assertThat(current).isNotEqualTo(old);
        Path record = onlyRecord(store);
        Files.writeString(record, Files.readString(record).replace("version\t" + current, "version\t" + old));

        assertThat(run(edited, store)).as("the edited code's own version, not the one the record claims")
                .isEqualTo(current);
        assertThat(Files.readString(record)).as("the record made again").contains("version\t" + current);
    }

    @Test
    void anotherVersionsWholeRecordPutInPlaceIsRefused() throws IOException {
        Path store = dir.resolve("cache/.code");
        String old = run(compile(CALC), store);
        String oldRecord = Files.readString(onlyRecord(store));
        Path edited = compile(CALC.replace("x * 2", "x * 3"));
        String current = run(edited, store);
        Files.writeString(onlyRecord(store), oldRecord);

        assertThat(run(edited, store)).isEqualTo(current).isNotEqualTo(old);
    }

    @Test
    void aRecordCopiedUnderAnotherFunctionsNameIsRefused() throws IOException {
        Path store = dir.resolve("cache/.code");
        String both = CALC.replace("    public static double run", """
                    public static double other(double x) {
                        return x + 1;
                    }

                    public static double run""");
        Path classes = compile(both);
        String otherVersion;
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            otherVersion = CodeFingerprint.ofFunction("demo.Calc", "other", "(D)D", loader, List.of(), store, true)
                    .version();
        }
        Path otherRecord = onlyRecord(store);
        Path runRecord = FingerprintStore.fileOf(store, CodeFingerprint.SCHEME, "demo.Calc.run(D)D []");
        Files.copy(otherRecord, runRecord);

        assertThat(run(classes, store)).isNotEqualTo(otherVersion);
    }

    @Test
    void anUnalteredRecordIsBelievedByTheNextRun() throws IOException {
        Path store = dir.resolve("cache/.code");
        Path classes = compile(CALC);
        String first = run(classes, store);
        assertThat(Files.readString(onlyRecord(store))).startsWith(FingerprintStore.HEADER + "\nfunction\tdemo.Calc.run(D)D []\n")
                .contains("\ncheck\t");
        FingerprintStore.Loaded loaded;
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            loaded = new FingerprintStore(store, CodeFingerprint.SCHEME, "demo.Calc.run(D)D []").load(loader);
        }
        assertThat(loaded).isNotNull();
        assertThat(loaded.fingerprint().version()).isEqualTo(first);
    }

    private static Path onlyRecord(Path store) throws IOException {
        try (var files = Files.list(store)) {
            List<Path> all = files.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
            assertThat(all).hasSize(1);
            return all.get(0);
        }
    }

    private static String run(Path classes, Path store) throws IOException {
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            return CodeFingerprint.ofFunction("demo.Calc", "run", "(D)D", loader, List.of(), store, true).version();
        }
    }

    private Path compile(String source) throws IOException {
        return CompiledSources.compile(Map.of("demo/Calc.java", source), dir.resolve("classes" + builds.incrementAndGet()));
    }
}
