package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunctionN;
import io.mppfc.cache.HostName;
import io.mppfc.code.CompiledSources;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Workers load the function from their own classpath: one that holds another build refuses. */
class CodeMismatchTest {

    static final String SCAN = """
            package demo;

            public class Scan {
                public static double value(double x) {
                    return Weights.of(x);
                }
            }
            """;
    static final String WEIGHTS = """
            package demo;

            class Weights {
                static double of(double x) {
                    return x * 2;
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void workersOfTheSameBuildComputeWhateverTheirClasspathLooksLike() throws Exception {
        Path build = compile("build", WEIGHTS);
        try (URLClassLoader loader = CompiledSources.loader(build);
                MultiProcCachedFunctionN<Object> scan = scan(loader, build)) {
            assertThat(scan.startWorkers(1)).isTrue();
            assertThat(scan.submit(2.0).get(60, TimeUnit.SECONDS)).isEqualTo(4.0);
        }
    }

    /** Other bytes (a comment moved every line number), the same code: the worker fingerprints its own and agrees. */
    @Test
    void aWorkerWithTheSameCodeCompiledFromCommentedSourcesComputes() throws Exception {
        Path coordinatorBuild = compile("build", WEIGHTS);
        Path workerBuild = compile("commented", WEIGHTS.replace("    static double of", "    // what the scan weighs\n"
                + "    static double of"));
        try (URLClassLoader loader = CompiledSources.loader(coordinatorBuild);
                MultiProcCachedFunctionN<Object> scan = scan(loader, workerBuild)) {
            assertThat(scan.startWorkers(1)).isTrue();
            assertThat(scan.submit(2.0).get(60, TimeUnit.SECONDS)).isEqualTo(4.0);
        }
    }

    @Test
    void aWorkerWithAnotherBuildRefusesBeforeComputingAndTheRunSaysWhichVersionRunsWhere() throws Exception {
        Path coordinatorBuild = compile("new", WEIGHTS);
        Path staleBuild = compile("stale", WEIGHTS.replace("x * 2", "x * 2.5"));
        try (URLClassLoader loader = CompiledSources.loader(coordinatorBuild);
                MultiProcCachedFunctionN<Object> scan = scan(loader, staleBuild)) {
            String coordinatorVersion = scan.cacheDir().getFileName().toString().split("@")[1];
            scan.startWorkers(1);
            assertThatThrownBy(() -> scan.submit(2.0).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(ErroneousFunctionCall.class)
                    .satisfies(e -> assertThat(((ErroneousFunctionCall) e).kind())
                            .isEqualTo(FailureKind.WORKERS_UNAVAILABLE))
                    .hasMessageContaining(HostName.get() + " runs code version ")
                    .hasMessageContaining(" of demo.Scan.value, the coordinator runs " + coordinatorVersion)
                    .hasMessageContaining(staleBuild.toString());
            assertThat(scan.hasKey(2.0)).as("nothing was computed with the stale code").isFalse();
        }
    }

    private MultiProcCachedFunctionN<Object> scan(ClassLoader loader, Path workerBuild) {
        return Mppfc.cacheMethod(scanValue(loader)).path(dir.resolve("cache"))
                .workerClasspath(workerBuild + File.pathSeparator + System.getProperty("java.class.path")).build();
    }

    private Path compile(String name, String weights) throws Exception {
        return CompiledSources.compile(Map.of("demo/Scan.java", SCAN, "demo/Weights.java", weights), dir.resolve(name));
    }

    private static Method scanValue(ClassLoader loader) {
        try {
            return loader.loadClass("demo.Scan").getMethod("value", double.class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("the compiled demo.Scan has no value(double)", e);
        }
    }
}
