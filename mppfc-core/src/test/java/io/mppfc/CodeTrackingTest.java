package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.code.CompiledSources;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scientist edits code between runs: each run here is a new build of real classes. */
class CodeTrackingTest {

    static final String PHYSICS = """
            package demo;

            public class Physics {
                public static double slow(double x) {
                    return Helpers.scale(x) + 1;
                }
            }
            """;
    static final String HELPERS = """
            package demo;

            public class Helpers {
                public static double scale(double x) {
                    return x * 2;
                }

                public static double unrelated(double x) {
                    return x;
                }
            }
            """;

    @TempDir
    Path dir;
    private int builds;

    @Test
    void anEditedHelperIsRecomputedAndAnEditThatChangesNothingIsServedFromTheCache() throws Exception {
        try (Run first = run(PHYSICS, HELPERS)) {
            assertThat(first.function.apply(2.0)).isEqualTo(5.0);
        }
        try (Run commented = run(PHYSICS.replace("    public static", "    // computes it\n\n    public static"),
                HELPERS.replace("return x;", "return -x;"))) {
            assertThat(commented.function.hasKey(2.0)).as("comments and an unrelated method edited").isTrue();
            assertThat(commented.function.cacheOnly(2.0)).isEqualTo(5.0);
        }
        try (Run edited = run(PHYSICS, HELPERS.replace("x * 2", "x * 3"))) {
            assertThat(edited.function.hasKey(2.0)).as("the helper it calls was edited").isFalse();
            assertThat(edited.function.apply(2.0)).isEqualTo(7.0);
        }
        assertThat(CacheInventory.functionDirectories(dir.resolve("cache"))).map(d -> d.getFileName().toString())
                .as("both code versions are kept, each in its own directory").hasSize(2)
                .allMatch(name -> name.matches("demo\\.Physics\\.slow@[0-9a-f]{16}"));
    }

    @Test
    void withoutTrackingOnlyTheVersionSaltSeparatesResults() throws Exception {
        try (Run first = run(false, PHYSICS, HELPERS)) {
            assertThat(first.function.apply(2.0)).isEqualTo(5.0);
        }
        try (Run edited = run(false, PHYSICS, HELPERS.replace("x * 2", "x * 3"))) {
            assertThat(edited.function.cacheOnly(2.0)).as("the stale value the salt exists for").isEqualTo(5.0);
            assertThat(edited.function.cacheDir().getFileName()).hasToString("demo.Physics.slow");
        }
    }

    private Run run(String... sources) throws IOException {
        return run(true, sources);
    }

    private Run run(boolean track, String... sources) throws IOException {
        Path classes = CompiledSources.compile(Map.of("demo/Physics.java", sources[0], "demo/Helpers.java", sources[1]),
                dir.resolve("build" + ++builds));
        URLClassLoader loader = CompiledSources.loader(classes);
        MultiProcCachedFunctionN<Object> function = Mppfc.cacheMethod(physicsSlow(loader)).path(dir.resolve("cache"))
                .trackCode(track).build();
        return new Run(loader, function);
    }

    private record Run(URLClassLoader loader, MultiProcCachedFunctionN<Object> function) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            function.close();
            loader.close();
        }
    }

    private static Method physicsSlow(ClassLoader loader) {
        try {
            return loader.loadClass("demo.Physics").getMethod("slow", double.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the compiled demo.Physics has no slow(double)", e);
        }
    }
}
