package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.code.CompiledSources;
import java.io.File;
import java.io.IOException;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's program that is a module: compiled against mppfc's modules by javac and run with
 * {@code java --module-path ... -m}, with workers.
 */
@Timeout(180)
class ModulePathIT {

    private static final String SCAN = """
            package demo;

            import io.mppfc.Mppfc;
            import io.mppfc.MultiProcCachedFunction1;
            import java.nio.file.Path;

            public final class Scan {
                public record Point(double x, double y) {
                }

                public static Point point(double x) {
                    return new Point(x, x * x);
                }

                public static void main(String[] args) throws Exception {
                    try (MultiProcCachedFunction1<Double, Point> points =
                            Mppfc.cache(Scan::point).path(Path.of(args[0])).build()) {
                        points.startWorkers(2);
                        for (double x = 1; x <= 4; x++) {
                            points.apply(x);
                        }
                        points.awaitAll();
                        for (double x = 1; x <= 4; x++) {
                            System.out.println(points.hasKey(x) + " " + points.apply(x));
                        }
                    }
                }
            }
            """;

    @TempDir
    Path root;

    @Test
    void aModuleThatOpensItsPackageCachesWithWorkers() throws Exception {
        Path app = compile("module demo.app { requires io.mppfc; opens demo to io.mppfc; }");
        JavaProgram.Result run = run(app);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("true Point[x=1.0, y=1.0]", "true Point[x=2.0, y=4.0]",
                "true Point[x=3.0, y=9.0]", "true Point[x=4.0, y=16.0]");
        assertThat(cachedEntries()).as("computed by the workers, stored once each").hasSize(4);
    }

    @Test
    void aModuleThatKeepsItsPackageClosedIsToldWhatToOpen() throws Exception {
        Path app = compile("module demo.app { requires io.mppfc; }");
        JavaProgram.Result run = run(app);
        assertThat(run.exit()).isNotZero();
        assertThat(run.err()).contains("module demo.app does not open package demo to io.mppfc; "
                + "add 'opens demo to io.mppfc;' to its module-info.java");
        assertThat(root.resolve("cache")).doesNotExist();
    }

    @Test
    void theInternalsAreNotPartOfTheApi() {
        String internal = """
                package demo;

                public final class Internal {
                    static Class<?> reach() {
                        return io.mppfc.cache.DiskCache.class;
                    }
                }
                """;
        assertThatThrownBy(() -> CompiledSources.compileModule(Map.of("module-info.java",
                "module demo.app { requires io.mppfc; }", "demo/Internal.java", internal), root.resolve("app"),
                modulePath()))
                .hasMessageContaining("package io.mppfc.cache is declared in module io.mppfc, which does not export it");
    }

    private Path compile(String moduleInfo) throws IOException {
        return CompiledSources.compileModule(Map.of("module-info.java", moduleInfo, "demo/Scan.java", SCAN),
                root.resolve("app"), modulePath());
    }

    /** mppfc's modules and what they require, from this test's own class path. */
    private static List<Path> modulePath() {
        List<Path> entries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of).filter(Files::exists).toList();
        List<Path> modules = new ArrayList<>();
        for (Path entry : entries) {
            String name = entry.toString();
            if (name.contains("test-classes") || name.endsWith("-tests.jar")) {
                continue;
            }
            ModuleFinder.of(entry).findAll().stream().map(m -> m.descriptor().name())
                    .filter(n -> n.startsWith("io.mppfc") || List.of("org.apache.fory.core", "org.slf4j",
                            "org.objectweb.asm", "info.picocli",
                            "com.fasterxml.jackson.databind", "com.fasterxml.jackson.core",
                            "com.fasterxml.jackson.annotation").contains(n))
                    .findAny().ifPresent(n -> modules.add(entry));
        }
        return modules;
    }

    private JavaProgram.Result run(Path app) throws Exception {
        String modulePath = app + File.pathSeparator
                + modulePath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        return JavaProgram.run(List.of("--module-path", modulePath, "-m", "demo.app/demo.Scan",
                root.resolve("cache").toString()));
    }

    /** The keys stored, loose or packed: a worker stores the results it holds at once as one batch pack. */
    private List<io.mppfc.cache.CacheKey> cachedEntries() throws IOException {
        List<io.mppfc.cache.CacheKey> keys = new java.util.ArrayList<>();
        for (Path function : io.mppfc.cache.maintenance.CacheInventory.functionDirectories(root.resolve("cache"))) {
            io.mppfc.cache.maintenance.CacheInventory.entries(function).forEach(e -> keys.add(e.key()));
            io.mppfc.cache.maintenance.CacheInventory.packedEntries(function).forEach(e -> keys.add(e.key()));
        }
        return keys;
    }
}
