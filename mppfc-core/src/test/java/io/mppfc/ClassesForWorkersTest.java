package io.mppfc;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.code.CompiledSources;
import java.io.File;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassesForWorkersTest {

    private static final String CLASSPATH = System.getProperty("java.class.path");

    @TempDir
    Path dir;

    @Test
    void classesOnTheWorkersClassPathAreLoadable() {
        var classes = new ClassesForWorkers(List.of(ClassesForWorkersTest.class, String.class, int[].class), CLASSPATH);
        assertThat(classes.unloadable()).isEmpty();
    }

    @Test
    void aClassDeclaredInJshellIsRefusedByItsSourceName() throws Exception {
        try (URLClassLoader jshell = CompiledSources.loader(CompiledSources.compile(Map.of("REPL/$JShell$12$Physics.java",
                "package REPL; public class $JShell$12$Physics { public static double square(double x) { return x * x; } }"),
                dir.resolve("jshell")))) {
            Class<?> physics = jshell.loadClass("REPL.$JShell$12$Physics");
            assertThat(new ClassesForWorkers(List.of(physics, double.class), CLASSPATH).unloadable()).hasValueSatisfying(
                    why -> assertThat(why).startsWith("class Physics was declared in jshell").contains(
                            "/env --class-path").doesNotContain("\n"));
        }
    }

    @Test
    void aClassOutsideTheWorkersClassPathIsRefusedNamingWhereItCameFrom() throws Exception {
        Path classes = CompiledSources.compile(Map.of("gen/Made.java", "package gen; public record Made(int x) {}"),
                dir.resolve("elsewhere"));
        try (URLClassLoader elsewhere = CompiledSources.loader(classes)) {
            Class<?> made = elsewhere.loadClass("gen.Made");
            assertThat(new ClassesForWorkers(List.of(ClassesForWorkersTest.class, made), CLASSPATH).unloadable())
                    .hasValueSatisfying(why -> assertThat(why).startsWith("class gen.Made is not on the workers' class path")
                            .contains(classes.toUri().getPath()).endsWith("add that to workerClasspath(...)"));
        }
    }

    @Test
    void aClassDefinedFromBytesIsRefusedNamingWhatMadeIt() throws Exception {
        Path classes = CompiledSources.compile(Map.of("gen/Made.java", "package gen; public record Made(int x) {}"),
                dir.resolve("bytes"));
        byte[] bytes = java.nio.file.Files.readAllBytes(classes.resolve("gen/Made.class"));
        ClassLoader generator = new ClassLoader(ClassLoader.getPlatformClassLoader()) {
            @Override
            protected Class<?> findClass(String name) {
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        Class<?> made = generator.loadClass("gen.Made");
        assertThat(new ClassesForWorkers(List.of(made), CLASSPATH).unloadable()).hasValueSatisfying(
                why -> assertThat(why).startsWith("class gen.Made was made at run time (by io.mppfc.ClassesForWorkersTest$"));
    }

    @Test
    void aClassPathWithPathsThatAreNotHereRefusesOnlyJshellsClasses() throws Exception {
        try (URLClassLoader elsewhere = CompiledSources.loader(CompiledSources.compile(Map.of("gen/Made.java",
                "package gen; public record Made(int x) {}"), dir.resolve("elsewhere")))) {
            Class<?> made = elsewhere.loadClass("gen.Made");
            String remote = CLASSPATH + File.pathSeparator + "/on/another/machine/app.jar";
            assertThat(new ClassesForWorkers(List.of(made), remote).unloadable()).isEmpty();
        }
    }
}
