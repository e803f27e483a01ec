package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each case compiles a real edit of a real class with javac and compares fingerprints. */
class CodeFingerprintTest {

    static final String PHYSICS = """
            package demo;

            public class Physics {
                static final double G = 9.81;

                public static double slow(double x) {
                    double y = helper(x);
                    java.util.function.DoubleUnaryOperator square = v -> v * v;
                    return Other.scale(y) + square.applyAsDouble(G) + new Body(x).mass();
                }

                private static double helper(double x) {
                    return x * 2;
                }

                public static double unused(double x) {
                    return x;
                }
            }
            """;
    static final String OTHER = """
            package demo;

            class Other {
                static double scale(double v) {
                    return v * 3;
                }
            }
            """;
    static final String BODY = """
            package demo;

            class Body {
                private final double x;

                Body(double x) {
                    this.x = x;
                }

                double mass() {
                    return x / 2;
                }
            }
            """;

    @TempDir
    Path dir;
    private final AtomicInteger builds = new AtomicInteger();

    @Test
    void theSameCodeCompiledTwiceHasOneVersion() throws IOException {
        assertThat(version(PHYSICS, OTHER, BODY)).isEqualTo(version(PHYSICS, OTHER, BODY));
    }

    @Test
    void editsThatDoNotChangeWhatRunsKeepTheVersion() throws IOException {
        String original = version(PHYSICS, OTHER, BODY);

        assertThat(version(PHYSICS.replace("    public static double slow", "\n\n    // a comment\n\n"
                + "    public static double slow"), OTHER, BODY)).as("comments and blank lines").isEqualTo(original);
        assertThat(version(PHYSICS.replace("double y = helper(x);", "double doubled = helper(x);")
                .replace("Other.scale(y)", "Other.scale(doubled)"), OTHER, BODY)).as("a local variable renamed")
                .isEqualTo(original);
        assertThat(version(PHYSICS.replace("return x;", "return -x;"), OTHER, BODY)).as("a method it never calls")
                .isEqualTo(original);
        String reordered = PHYSICS.replace("""
                    public static double unused(double x) {
                        return x;
                    }
                """, "").replace("    static final double G = 9.81;\n", """
                    static final double G = 9.81;

                    public static double unused(double x) {
                        return x;
                    }
                """);
        assertThat(version(reordered, OTHER, BODY)).as("members in another order").isEqualTo(original);
        assertThat(version(PHYSICS.replace("    public static double unused", """
                    static Runnable elsewhere() {
                        return () -> System.out.println("a lambda numbered before the function's");
                    }

                    public static double unused"""), OTHER, BODY))
                .as("a lambda added elsewhere in the class, renumbering the function's").isEqualTo(original);
    }

    @Test
    void editsOfWhatRunsChangeTheVersion() throws IOException {
        String original = version(PHYSICS, OTHER, BODY);

        assertThat(version(PHYSICS.replace("+ new Body(x).mass()", "- new Body(x).mass()"), OTHER, BODY))
                .as("the function's body").isNotEqualTo(original);
        assertThat(version(PHYSICS.replace("return x * 2;", "return x * 2.5;"), OTHER, BODY))
                .as("a private helper").isNotEqualTo(original);
        assertThat(version(PHYSICS, OTHER.replace("v * 3", "v * 4"), BODY))
                .as("a static method of another class").isNotEqualTo(original);
        assertThat(version(PHYSICS.replace("9.81", "9.80665"), OTHER, BODY))
                .as("a static final constant it reads").isNotEqualTo(original);
        assertThat(version(PHYSICS.replace("v -> v * v", "v -> v * v * v"), OTHER, BODY))
                .as("a lambda's body").isNotEqualTo(original);
        assertThat(version(PHYSICS, OTHER, BODY.replace("x / 2", "x / 3")))
                .as("an instance method of a class it constructs").isNotEqualTo(original);
        assertThat(version(PHYSICS, OTHER, BODY.replace("this.x = x;", "this.x = x + 1;")))
                .as("a constructor it calls").isNotEqualTo(original);
    }

    @Test
    void aStaticInitialiserOfAClassItReadsIsPartOfTheCode() throws IOException {
        String table = """
                package demo;

                class Table {
                    static final double[] VALUES = {1, 2, 3};
                }
                """;
        String reads = PHYSICS.replace("return x * 2;", "return x * Table.VALUES[1];");
        assertThat(version(reads, OTHER, BODY, table)).isNotEqualTo(version(reads, OTHER, BODY, table.replace("3}", "4}")));
    }

    @Test
    void onlyTheClassesItReachesAreFollowed() throws IOException {
        Path classes = compile(PHYSICS, OTHER, BODY);
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            CodeFingerprint code = CodeFingerprint.of("demo.Physics", "slow", "(D)D", loader,
                    OwnCode.besideFunction("demo/Physics", loader));
            assertThat(code.ownClasses()).containsExactly("demo/Body", "demo/Other", "demo/Physics");
            // slow, its lambda, helper, Other.scale, <clinit>-less classes, Body.<init>, Body.mass
            assertThat(code.methods()).isEqualTo(6);
            assertThat(CodeFingerprint.of("demo.Physics", "slow", "(D)D", loader, OwnCode.exactly(
                    java.util.Set.copyOf(code.ownClasses()))).version()).as("a worker following the same classes")
                    .isEqualTo(code.version());
        }
    }

    /** What jshell and a debugger's hot swap do: new class files under the same names, in the running JVM. */
    @Test
    void theFingerprintKeptInTheJvmIsMadeAgainWhenAClassFileItReadChanges() throws IOException {
        Path classes = compile(PHYSICS, OTHER, BODY);
        try (URLClassLoader loader = CompiledSources.loader(classes)) {
            String before = CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", loader, java.util.List.of(), null, false).version();
            assertThat(CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", loader, java.util.List.of(), null, false).version())
                    .isEqualTo(before);
            Path edited = compile(PHYSICS, OTHER.replace("v * 3", "v * 4"), BODY);
            java.nio.file.Files.copy(edited.resolve("demo/Other.class"), classes.resolve("demo/Other.class"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            assertThat(CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", loader, java.util.List.of(), null, false).version())
                    .isNotEqualTo(before);
        }
    }

    /** A new JVM takes the fingerprint kept on disk while the class files are the same, and only then. */
    @Test
    void aFingerprintKeptOnDiskIsUsedByTheNextRunOnlyWhileItsClassFilesAreTheSame() throws IOException {
        Path classes = compile(PHYSICS, OTHER, BODY);
        Path store = java.nio.file.Files.createDirectories(dir.resolve("cache")).resolve(".code");
        String original;
        try (URLClassLoader firstRun = CompiledSources.loader(classes)) {
            original = CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", firstRun, java.util.List.of(), store,
                    true).version();
        }
        Path kept;
        try (var files = java.nio.file.Files.list(store)) {
            kept = files.findFirst().orElseThrow();
        }
        assertThat(java.nio.file.Files.readString(kept)).contains("version\t" + original)
                .contains("own\tdemo/Other\t").contains("other\tjava/lang/Object\t");
        try (URLClassLoader secondRun = CompiledSources.loader(classes)) {
            CodeFingerprint again = CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", secondRun,
                    java.util.List.of(), store, true);
            assertThat(again.version()).isEqualTo(original);
            assertThat(again.ownClasses()).containsExactly("demo/Body", "demo/Other", "demo/Physics");
        }
        java.nio.file.Files.copy(compile(PHYSICS, OTHER.replace("v * 3", "v * 4"), BODY).resolve("demo/Other.class"),
                classes.resolve("demo/Other.class"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (URLClassLoader editedRun = CompiledSources.loader(classes)) {
            assertThat(CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", editedRun, java.util.List.of(), store,
                    true).version()).as("a class file changed since it was kept").isNotEqualTo(original);
        }
        java.nio.file.Files.writeString(kept, "mppfc code fingerprint 2\nversion\t0000000000000000\nmethods\t1\n"
                + "own\tdemo/Physics\tnowhere\t\n");
        try (URLClassLoader forged = CompiledSources.loader(classes)) {
            assertThat(CodeFingerprint.ofFunction("demo.Physics", "slow", "(D)D", forged, java.util.List.of(), store,
                    true).version()).as("a record that does not match the class files is not believed")
                    .isNotEqualTo("0000000000000000");
        }
    }

    @Test
    void aFunctionWhoseClassFileCannotBeReadIsRefusedWithWhatToDo() throws IOException {
        try (URLClassLoader loader = CompiledSources.loader(compile(PHYSICS, OTHER, BODY))) {
            assertThatThrownBy(() -> CodeFingerprint.of("demo.Missing", "slow", "(D)D", loader,
                    OwnCode.besideFunction("demo/Missing", loader)))
                    .isInstanceOf(CodeNotReadableException.class)
                    .hasMessageContaining("demo.Missing").hasMessageContaining("trackCode(false)");
        }
    }

    private String version(String... sources) throws IOException {
        try (URLClassLoader loader = CompiledSources.loader(compile(sources))) {
            return CodeFingerprint.of("demo.Physics", "slow", "(D)D", loader, OwnCode.besideFunction("demo/Physics",
                    loader)).version();
        }
    }

    private Path compile(String... sources) throws IOException {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        for (String source : sources) {
            String name = source.replaceAll("(?s).*?class (\\w+).*", "$1");
            files.put("demo/" + name + ".java", source);
        }
        return CompiledSources.compile(files, dir.resolve("classes" + builds.incrementAndGet()));
    }
}
