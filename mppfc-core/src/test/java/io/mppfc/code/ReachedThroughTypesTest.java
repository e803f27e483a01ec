package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Code reached through a type the function names, not the class that runs: each case compiles
 * the classes with javac, edits one, compiles again and compares the code versions of
 * {@code demo.Calc.run(D)D}.
 */
class ReachedThroughTypesTest {

    @TempDir
    Path dir;
    private final AtomicInteger builds = new AtomicInteger();

    static final String ENUM_OP = """
            package demo;

            enum Op {
                PLUS {
                    double apply(double a, double b) {
                        return a + b;
                    }
                },
                TIMES {
                    double apply(double a, double b) {
                        return a * b;
                    }
                };

                abstract double apply(double a, double b);
            }
            """;
    static final String ENUM_CALC = """
            package demo;

            public class Calc {
                public static double run(double x) {
                    return Op.PLUS.apply(x, 1);
                }
            }
            """;

    @Test
    void theBodyOfAnEnumConstantsOwnMethodIsPartOfTheCode() throws IOException {
        String original = version(ENUM_CALC, ENUM_OP);
        assertThat(version(ENUM_CALC, ENUM_OP.replace("return a + b;", "return a + b + 1;")))
                .as("PLUS's own apply edited").isNotEqualTo(original);
        assertThat(version(ENUM_CALC, ENUM_OP.replace("    PLUS {", "    // adds\n    PLUS {")))
                .as("a comment in the enum").isEqualTo(original);
    }

    static final String KERNEL = """
            package demo;

            interface Kernel {
                double eval(double x);
            }
            """;
    static final String GAUSS = """
            package demo;

            class Gauss implements Kernel {
                public double eval(double x) {
                    return Math.exp(-x * x);
                }
            }
            """;
    static final String BOX = """
            package demo;

            class Box implements Kernel {
                public double eval(double x) {
                    return Math.abs(x) < 1 ? 1 : 0;
                }
            }
            """;
    static final String FIELD_CALC = """
            package demo;

            public class Calc {
                static final Kernel K = new Gauss();

                public static double run(double x) {
                    return K.eval(x);
                }
            }
            """;

    @Test
    void theImplementationHeldInAnInterfaceTypedStaticFinalFieldIsPartOfTheCode() throws IOException {
        String original = version(FIELD_CALC, KERNEL, GAUSS, BOX);
        assertThat(version(FIELD_CALC, KERNEL, GAUSS.replace("-x * x", "-x * x / 2"), BOX))
                .as("Gauss.eval edited").isNotEqualTo(original);
        assertThat(version(FIELD_CALC, KERNEL, GAUSS, BOX.replace("? 1 : 0", "? 2 : 0")))
                .as("an implementation the code never creates").isEqualTo(original);
        assertThat(version(FIELD_CALC, KERNEL, GAUSS.replace("    public double eval", "    // the bell\n"
                + "    public double eval"), BOX)).as("a comment in the implementation").isEqualTo(original);
    }

    @Test
    void anImplementationCreatedInAnotherClasssStaticInitialiserIsPartOfTheCode() throws IOException {
        String holder = """
                package demo;

                class Kernels {
                    static final Kernel[] ALL = {new Gauss()};
                }
                """;
        String calc = """
                package demo;

                public class Calc {
                    public static double run(double x) {
                        return Kernels.ALL[0].eval(x);
                    }
                }
                """;
        String original = version(calc, holder, KERNEL, GAUSS, BOX);
        assertThat(version(calc, holder, KERNEL, GAUSS.replace("-x * x", "-x * x / 2"), BOX))
                .isNotEqualTo(original);
        assertThat(version(calc, holder, KERNEL, GAUSS, BOX.replace("? 1 : 0", "? 2 : 0"))).isEqualTo(original);
    }

    @Test
    void aUsersImplementationOfAJdkInterfaceCalledThroughItIsPartOfTheCode() throws IOException {
        String square = """
                package demo;

                class Square implements java.util.function.DoubleUnaryOperator {
                    public double applyAsDouble(double x) {
                        return x * x;
                    }
                }
                """;
        String calc = """
                package demo;

                public class Calc {
                    public static double run(double x) {
                        return twice(new Square(), x);
                    }

                    static double twice(java.util.function.DoubleUnaryOperator f, double x) {
                        return f.applyAsDouble(f.applyAsDouble(x));
                    }
                }
                """;
        String original = version(calc, square);
        assertThat(version(calc, square.replace("x * x", "x * x * x"))).isNotEqualTo(original);
    }

    @Test
    void aComparatorTheJdkCallsBackIsPartOfTheCode() throws IOException {
        String byLength = """
                package demo;

                class ByLength implements java.util.Comparator<String> {
                    public int compare(String a, String b) {
                        return Integer.compare(a.length(), b.length());
                    }
                }
                """;
        String calc = """
                package demo;

                public class Calc {
                    public static double run(double x) {
                        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of("ccc", "a", "bb"));
                        words.sort(new ByLength());
                        return words.get(0).length() * x;
                    }
                }
                """;
        String original = version(calc, byLength);
        assertThat(version(calc, byLength.replace("a.length(), b.length()", "b.length(), a.length()")))
                .isNotEqualTo(original);
    }

    @Test
    void aRunnableRunThroughItsInterfaceIsPartOfTheCode() throws IOException {
        String job = """
                package demo;

                class Job implements Runnable {
                    static double result;

                    public void run() {
                        result = 42;
                    }
                }
                """;
        String calc = """
                package demo;

                public class Calc {
                    public static double run(double x) {
                        Runnable r = new Job();
                        r.run();
                        return Job.result * x;
                    }
                }
                """;
        String original = version(calc, job);
        assertThat(version(calc, job.replace("42", "43"))).isNotEqualTo(original);
    }

    @Test
    void anOverrideCalledThroughAMethodReferenceOnItsSupertypeIsPartOfTheCode() throws IOException {
        String shape = """
                package demo;

                abstract class Shape {
                    abstract double area();
                }
                """;
        String circle = """
                package demo;

                class Circle extends Shape {
                    double area() {
                        return 3.14;
                    }
                }
                """;
        String calc = """
                package demo;

                public class Calc {
                    public static double run(double x) {
                        java.util.function.Supplier<Shape> make = Circle::new;
                        return java.util.stream.Stream.of(make.get()).mapToDouble(Shape::area).sum() * x;
                    }
                }
                """;
        String original = version(calc, shape, circle);
        assertThat(version(calc, shape, circle.replace("3.14", "3.1416"))).isNotEqualTo(original);
    }

    @Test
    void anOverrideInASubclassTheCodeNeverCreatesIsNotPartOfTheCode() throws IOException {
        String base = """
                package demo;

                class Base {
                    double f(double x) {
                        return x;
                    }
                }
                """;
        String never = """
                package demo;

                class Never extends Base {
                    double f(double x) {
                        return -x;
                    }
                }
                """;
        String calc = """
                package demo;

                public class Calc {
                    public static double run(double x) {
                        return new Base().f(x);
                    }
                }
                """;
        String original = version(calc, base, never);
        assertThat(version(calc, base, never.replace("-x", "-2 * x"))).isEqualTo(original);
        assertThat(version(calc, base.replace("return x;", "return x + 1;"), never)).isNotEqualTo(original);
    }

    private String version(String... sources) throws IOException {
        try (URLClassLoader loader = CompiledSources.loader(compile(sources))) {
            return CodeFingerprint.of("demo.Calc", "run", "(D)D", loader, OwnCode.besideFunction("demo/Calc", loader))
                    .version();
        }
    }

    private Path compile(String... sources) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String source : sources) {
            String name = source.replaceAll("(?s).*?(?:class|interface|enum) (\\w+).*", "$1");
            files.put("demo/" + name + ".java", source);
        }
        return CompiledSources.compile(files, dir.resolve("classes" + builds.incrementAndGet()));
    }
}
