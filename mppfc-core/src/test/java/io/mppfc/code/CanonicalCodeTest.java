package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-file reader writes, byte for byte, the canonical form the ASM visitor wrote: every
 * code version a cache holds stays the same (a changed form would recompute every result).
 */
class CanonicalCodeTest {

    @Test
    void everyMethodOfTheJdksBaseModuleReadsAsAsmReadIt() throws IOException {
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        List<String> compared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                compare(file.toString(), Files.readAllBytes(file), compared);
            }
        }
        assertThat(compared).hasSizeGreaterThan(5000);
    }

    @Test
    void everyMethodOfTheTestsLibrariesReadsAsAsmReadIt() throws IOException {
        List<String> compared = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.endsWith(".jar")) {
                eachClass(Path.of(entry), (name, bytes) -> compare(entry + "!" + name, bytes, compared));
            }
        }
        assertThat(compared).hasSizeGreaterThan(2000);
    }

    @Test
    void typeAnnotatedVariablesWideJumpsAndSwitchesReadAsAsmReadThem(@TempDir Path dir) throws IOException {
        StringBuilder longMethod = new StringBuilder();
        for (int i = 0; i < 3500; i++) {
            longMethod.append("            x = x * 1.0001 + ").append(i).append(";\n");
        }
        Path classes = CompiledSources.compile(Map.of("odd/Odd.java", """
                package odd;

                import java.io.Reader;
                import java.lang.annotation.ElementType;
                import java.lang.annotation.Target;

                public class Odd {
                    @Target(ElementType.TYPE_USE) @interface Checked { String value() default "";
                        int[] n() default {1, 2}; ElementType e() default ElementType.FIELD; }

                    static double annotated(Reader in) throws Exception {
                        @Checked("x") String text = "a" + in.read();
                        try (@Checked(n = {3}) Reader r = in) {
                            Object o = (@Checked Object) text;
                            return text.length() + r.read() + o.hashCode();
                        }
                    }

                    static int switches(int k, String s) {
                        int w = 0;
                        for (int i = 0; i < 300; i++) { w += i; }
                        int big = 70000;
                        big += 300;
                        int dense = switch (k) { case 1 -> 10; case 2 -> 20; case 3 -> 30; default -> w; };
                        int strings = switch (s) { case "a" -> 1; case "bb" -> 2; default -> big; };
                        int sparse = switch (k) { case 1 -> 1; case 1000 -> 2; case 100000 -> 3; default -> 4; };
                        return dense + strings + sparse;
                    }

                    static double wide(double x, long n) {
                        while (n-- > 0) {
                """ + longMethod + """
                        }
                        return x + 1e300 + 7L + 3.5f;
                    }
                }
                """), dir.resolve("classes"));
        List<String> compared = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                compare(file.toString(), Files.readAllBytes(file), compared);
            }
        }
        assertThat(compared).contains("wide(DJ)D", "annotated(Ljava/io/Reader;)D", "switches(ILjava/lang/String;)I");
    }

    /**
     * The versions mppfc's ASM-based analysis gave this build (records, enum bodies, lambdas,
     * method references, switches on strings, patterns, three modules), in both schemes: a
     * cache it wrote is found by the reader that replaced it.
     */
    @Test
    void theCodeVersionsTheAsmBasedAnalysisGaveAreKept(@TempDir Path dir) throws IOException {
        UserBuildFixture.Compiled built = UserBuildFixture.compile(dir, UserBuildFixture.HELPER, UserBuildFixture.LIB,
                List.of());
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {
            built.app().toUri().toURL(), built.helpers().toUri().toURL(), built.lib().toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            OwnCode own = OwnCode.besideFunction("com/acme/app/Main", loader);
            assertThat(new CodeWalk(loader, own, CodeWalk.Scheme.V2).run("com/acme/app/Main", "run", "(D)D").version())
                    .isEqualTo("1c8703184e5949c5");
            assertThat(new CodeWalk(loader, own, CodeWalk.Scheme.V1).run("com/acme/app/Main", "run", "(D)D").version())
                    .isEqualTo("794759933f52639a");
        }
    }

    /** jshell numbers its wrapper classes anew each session: the numbers never reach a version. */
    @Test
    void jshellsWrapperNumbersDoNotChangeTheVersion(@TempDir Path dir) throws IOException {
        assertThat(jshellVersion(dir.resolve("a"), 12, 11)).isEqualTo(jshellVersion(dir.resolve("b"), 40, 7));
    }

    private static String jshellVersion(Path dir, int snippet, int helper) throws IOException {
        String caller = "$JShell$" + snippet;
        String callee = "$JShell$" + helper;
        Path classes = CompiledSources.compile(Map.of(
                "REPL/" + callee + ".java", "package REPL;\npublic class " + callee
                        + " { public static double f(double x) { return x * 2; } }\n",
                "REPL/" + caller + ".java", "package REPL;\npublic class " + caller
                        + " { public static double run(double x) { return " + callee + ".f(x) * 3; } }\n"),
                dir.resolve("classes"));
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            return CodeFingerprint.of("REPL." + caller, "run", "(D)D", loader,
                    OwnCode.inPackages("REPL/" + caller, List.of("REPL"))).version();
        }
    }

    private static void compare(String where, byte[] bytes, List<String> compared) {
        AsmCanonicalForm.Summary asm;
        try {
            asm = AsmCanonicalForm.read(bytes, true);
        } catch (RuntimeException e) {
            return; // not a class file ASM reads (module-info of a newer kind, a damaged entry): nothing to compare
        }
        AsmCanonicalForm.Summary fixed = AsmCanonicalForm.read(bytes, false);
        ClassSummary compact = ClassSummaries.read(bytes, true);
        ClassSummary wide = ClassSummaries.read(bytes, false);
        assertThat(compact.superName()).as(where).isEqualTo(asm.superName());
        assertThat(compact.interfaces()).as(where).isEqualTo(asm.interfaces());
        assertThat(compact.methods()).as(where).containsExactlyInAnyOrderElementsOf(asm.methods().keySet());
        assertThat(ClassSummaries.readOutside(bytes)).as(where).isEqualTo(AsmCanonicalForm.readOutside(bytes));
        for (Map.Entry<String, MethodSummary> method : asm.methods().entrySet()) {
            String name = where + " " + method.getKey();
            assertSame(name, compact.method(method.getKey()), method.getValue());
            assertSame(name + " (scheme 1)", wide.method(method.getKey()), fixed.methods().get(method.getKey()));
            compared.add(method.getKey());
        }
    }

    private static void assertSame(String name, MethodSummary mine, MethodSummary asm) {
        assertThat(mine.canonical()).as(name).isEqualTo(asm.canonical());
        assertThat(mine.calls()).as(name).isEqualTo(asm.calls());
        assertThat(mine.initialises()).as(name).isEqualTo(asm.initialises());
        assertThat(mine.instantiates()).as(name).isEqualTo(asm.instantiates());
    }

    private static void eachClass(Path jar, BiConsumer<String, byte[]> action) throws IOException {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class")) {
                    try (InputStream in = file.getInputStream(entry)) {
                        action.accept(entry.getName(), in.readAllBytes());
                    }
                }
            }
        }
    }
}
