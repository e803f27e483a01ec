package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunctionN;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rows of issue 28's table, end to end: a function cached, its code edited and built
 * again, the next run served from the cache or computed again, as a scientist would expect.
 */
class StaleValueRowsTest {

    @TempDir
    Path dir;
    private int builds;

    @Test
    void anEditedEnumConstantBodyIsComputedAgain() throws Exception {
        Map<String, String> sources = Map.of("demo/Calc.java", ReachedThroughTypesTest.ENUM_CALC, "demo/Op.java",
                ReachedThroughTypesTest.ENUM_OP);
        Path first = compile(sources);
        try (Run run = run("demo.Calc", first)) {
            assertThat(run.function.apply(2.0)).isEqualTo(3.0);
        }
        Path edited = compile(Map.of("demo/Calc.java", ReachedThroughTypesTest.ENUM_CALC, "demo/Op.java",
                ReachedThroughTypesTest.ENUM_OP.replace("return a + b;", "return a + b + 10;")));
        try (Run run = run("demo.Calc", edited)) {
            assertThat(run.function.hasKey(2.0)).isFalse();
            assertThat(run.function.apply(2.0)).isEqualTo(13.0);
        }
    }

    @Test
    void anEditedImplementationHeldInAnInterfaceTypedFieldIsComputedAgain() throws Exception {
        String calc = ReachedThroughTypesTest.FIELD_CALC;
        String gauss = ReachedThroughTypesTest.GAUSS.replace("Math.exp(-x * x)", "x + 1");
        try (Run run = run("demo.Calc", compile(Map.of("demo/Calc.java", calc, "demo/Kernel.java",
                ReachedThroughTypesTest.KERNEL, "demo/Gauss.java", gauss)))) {
            assertThat(run.function.apply(2.0)).isEqualTo(3.0);
        }
        try (Run run = run("demo.Calc", compile(Map.of("demo/Calc.java", calc, "demo/Kernel.java",
                ReachedThroughTypesTest.KERNEL, "demo/Gauss.java", gauss.replace("x + 1", "x + 2"))))) {
            assertThat(run.function.hasKey(2.0)).isFalse();
            assertThat(run.function.apply(2.0)).isEqualTo(4.0);
        }
    }

    @Test
    void anEditedHelperInTheUsersOtherModulesJarIsComputedAgain() throws Exception {
        Path build = dir.resolve("build" + ++builds);
        UserBuildFixture.Compiled compiled = UserBuildFixture.compile(build, UserBuildFixture.HELPER,
                UserBuildFixture.LIB, List.of());
        Double before;
        try (Run run = run("com.acme.app.Main", compiled.app(), helpersJar(build, compiled), libJar(build, compiled))) {
            before = (Double) run.function.apply(2.0);
        }
        build = dir.resolve("build" + ++builds);
        compiled = UserBuildFixture.compile(build, UserBuildFixture.HELPER.replace("x * 3", "x * 4"),
                UserBuildFixture.LIB, List.of());
        try (Run run = run("com.acme.app.Main", compiled.app(), helpersJar(build, compiled), libJar(build, compiled))) {
            assertThat(run.function.hasKey(2.0)).isFalse();
            assertThat((Double) run.function.apply(2.0)).isNotEqualTo(before);
        }
    }

    @Test
    void theSameClassesAsJarsAreServedWhatTheirClassDirectoriesComputed() throws Exception {
        Path build = dir.resolve("build" + ++builds);
        UserBuildFixture.Compiled compiled = UserBuildFixture.compile(build, UserBuildFixture.HELPER,
                UserBuildFixture.LIB, List.of());
        Object computed;
        try (Run ide = run("com.acme.app.Main", compiled.app(), compiled.helpers(), libJar(build, compiled))) {
            computed = ide.function.apply(2.0);
        }
        Path app = UserBuildFixture.jar(build.resolve("app/target/app-1.0.jar"), List.of(compiled.app()),
                List.<String[]>of(new String[] {"com.acme", "app"}));
        try (Run maven = run("com.acme.app.Main", app, helpersJar(build, compiled), libJar(build, compiled))) {
            assertThat(maven.function.hasKey(2.0)).isTrue();
            assertThat(maven.function.cacheOnly(2.0)).isEqualTo(computed);
        }
    }

    private static Path helpersJar(Path build, UserBuildFixture.Compiled compiled) throws IOException {
        return UserBuildFixture.jar(build.resolve("helpers/target/helpers-1.0.jar"), List.of(compiled.helpers()),
                List.<String[]>of(new String[] {"com.acme", "helpers"}));
    }

    private static Path libJar(Path build, UserBuildFixture.Compiled compiled) throws IOException {
        return UserBuildFixture.jar(build.resolve("repository/org/lib/lib/1.0/lib-1.0.jar"), List.of(compiled.lib()),
                List.<String[]>of(new String[] {"org.lib", "lib"}));
    }

    private Path compile(Map<String, String> sources) throws IOException {
        return CompiledSources.compile(new LinkedHashMap<>(sources), dir.resolve("classes" + ++builds));
    }

    private Run run(String className, Path... classpath) throws Exception {
        URLClassLoader loader = CompiledSources.loader(classpath);
        MultiProcCachedFunctionN<Object> function = Mppfc.cacheMethod(loader.loadClass(className)
                .getMethod("run", double.class)).path(dir.resolve("cache")).build();
        return new Run(loader, function);
    }

    private record Run(URLClassLoader loader, MultiProcCachedFunctionN<Object> function) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            function.close();
            loader.close();
        }
    }
}
