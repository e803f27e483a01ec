package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.code.CodeFingerprint;
import io.mppfc.code.OwnCode;
import io.mppfc.examples.Minimal;
import io.mppfc.examples.Prewarm;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.ToolProvider;

/**
 * What the code fingerprint costs at {@code build()}: the examples' functions, and a generated
 * function that reaches a few hundred methods in 20 classes (static, instance and constructor
 * calls, lambdas). Each row's first figure is a fresh JVM's (loading ASM included, nothing
 * compiled by the JIT yet: what a program's {@code build()} pays); the second is each further
 * fingerprint in that JVM; the last rows are {@code build()} itself in fresh JVMs, with and
 * without {@code trackCode}. Prints a Markdown table. Not a test: numbers depend on the machine.
 */
public final class FingerprintBenchmark {

    private static final int CLASSES = 20;
    private static final int METHODS_PER_CLASS = 15;
    private static final int ROUNDS = 50;

    private FingerprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--row")) {
            row(args[1], Path.of(System.getProperty("mppfc.bench.generated")));
            return;
        }
        if (args.length == 4 && args[0].equals("--build")) {
            build(args[1], Path.of(args[2]), Boolean.parseBoolean(args[3]));
            return;
        }
        Path generated = generate(Files.createTempDirectory("mppfc-fingerprint"));
        System.out.println("| function | methods fingerprinted | classes | first in a fresh JVM | then, median |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (String row : List.of("minimal", "prewarm", "generated")) {
            System.out.print(child(generated, "--row", row));
        }
        System.out.println();
        System.out.println("| `build()` in a fresh JVM, median of 5 | trackCode(true), a new cache | "
                + "trackCode(true), the fingerprint kept from a run before | trackCode(false) |");
        System.out.println("|---|---:|---:|---:|");
        for (String which : List.of("prewarm", "generated")) {
            long[] fresh = new long[5];
            long[] kept = new long[5];
            long[] untracked = new long[5];
            for (int i = 0; i < 5; i++) {
                Path cache = generated.getParent().resolve("cache-" + which + i);
                fresh[i] = Long.parseLong(child(generated, "--build", which, cache.toString(), "true").strip());
                kept[i] = Long.parseLong(child(generated, "--build", which, cache.toString(), "true").strip());
                untracked[i] = Long.parseLong(child(generated, "--build", which, cache + "u", "false").strip());
            }
            Arrays.sort(fresh);
            Arrays.sort(kept);
            Arrays.sort(untracked);
            System.out.printf(Locale.ROOT, "| %s | %.0f ms | %.0f ms | %.0f ms |%n", which.equals("prewarm")
                    ? "Prewarm.energy" : "gen.C0.run (380 methods)", fresh[2] / 1e6, kept[2] / 1e6, untracked[2] / 1e6);
        }
    }

    private static String child(Path generated, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dmppfc.bench.generated=" + generated, "-cp", System.getProperty("java.class.path"),
                FingerprintBenchmark.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the benchmark's child JVM failed: " + command);
        }
        return out;
    }

    private static void row(String which, Path generated) throws Exception {
        ClassLoader examples = FingerprintBenchmark.class.getClassLoader();
        switch (which) {
            case "minimal" -> measure("examples: Minimal.slowFunction", Minimal.class.getName(), "slowFunction", "(D)D",
                    examples);
            case "prewarm" -> measure("examples: Prewarm.energy", Prewarm.class.getName(), "energy", "(DI)D", examples);
            default -> {
                try (URLClassLoader loader = new URLClassLoader(new URL[] {generated.toUri().toURL()},
                        ClassLoader.getPlatformClassLoader())) {
                    measure("generated: gen.C0.run (20 classes)", "gen.C0", "run", "(D)D", loader);
                }
            }
        }
    }

    /** Prints the nanoseconds {@code build()} took. */
    private static void build(String which, Path cache, boolean track) throws Exception {
        if (which.equals("prewarm")) {
            long start = System.nanoTime();
            Mppfc.cache((io.mppfc.Fn2<Double, Integer, Double>) Prewarm::energy).path(cache).trackCode(track)
                    .build().close();
            System.out.println(System.nanoTime() - start);
            return;
        }
        Path generated = Path.of(System.getProperty("mppfc.bench.generated"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {generated.toUri().toURL()},
                ClassLoader.getPlatformClassLoader())) {
            Method run = loader.loadClass("gen.C0").getMethod("run", double.class);
            long start = System.nanoTime();
            Mppfc.cacheMethod(run).path(cache).trackCode(track).build().close();
            System.out.println(System.nanoTime() - start);
        }
    }

    private static void measure(String label, String className, String method, String descriptor, ClassLoader loader) {
        long start = System.nanoTime();
        CodeFingerprint first = fingerprint(className, method, descriptor, loader);
        long firstNanos = System.nanoTime() - start;
        long[] rounds = new long[ROUNDS];
        for (int i = 0; i < ROUNDS; i++) {
            long t = System.nanoTime();
            CodeFingerprint again = fingerprint(className, method, descriptor, loader);
            rounds[i] = System.nanoTime() - t;
            if (!again.version().equals(first.version())) {
                throw new IllegalStateException("the fingerprint of " + label + " changed between rounds");
            }
        }
        Arrays.sort(rounds);
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %.1f ms | %.2f ms |%n", label, first.methods(),
                first.ownClasses().size(), firstNanos / 1e6, rounds[ROUNDS / 2] / 1e6);
    }

    private static CodeFingerprint fingerprint(String className, String method, String descriptor, ClassLoader loader) {
        return CodeFingerprint.of(className, method, descriptor, loader,
                OwnCode.besideFunction(className.replace('.', '/'), loader));
    }

    /** C_i.run calls its own chain of methods, a lambda, an instance method and C_{i+1}.run. */
    private static Path generate(Path dir) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src/gen"));
        List<String> files = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            StringBuilder s = new StringBuilder("package gen;\n\npublic class C" + c + " {\n");
            s.append("    private final double scale;\n    C").append(c).append("(double scale) { this.scale = scale; }\n");
            s.append("    double scaled(double x) { return x * scale + ").append(c).append("; }\n");
            s.append("    public static double run(double x) {\n        double y = m0(x);\n");
            s.append("        java.util.function.DoubleUnaryOperator f = v -> v * ").append(c).append(" + 1;\n");
            s.append("        y = f.applyAsDouble(y) + new C").append(c).append("(2).scaled(y);\n");
            s.append(c + 1 < CLASSES ? "        return y + C" + (c + 1) + ".run(y / 2);\n" : "        return y;\n");
            s.append("    }\n");
            for (int m = 0; m < METHODS_PER_CLASS; m++) {
                s.append("    static double m").append(m).append("(double x) {\n");
                s.append("        double acc = Math.sqrt(Math.abs(x)) + ").append(m).append(";\n");
                s.append("        for (int i = 0; i < 3; i++) { acc += i * x; }\n");
                s.append(m + 1 < METHODS_PER_CLASS ? "        return m" + (m + 1) + "(acc);\n" : "        return acc;\n");
                s.append("    }\n");
            }
            s.append("}\n");
            Path file = sources.resolve("C" + c + ".java");
            Files.writeString(file, s);
            files.add(file.toString());
        }
        Path classes = Files.createDirectories(dir.resolve("classes"));
        List<String> javacArgs = new ArrayList<>(List.of("-d", classes.toString()));
        javacArgs.addAll(files);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        if (ToolProvider.getSystemJavaCompiler().run(null, null, errors, javacArgs.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("javac failed: " + errors);
        }
        return classes;
    }
}
