package io.mppfc.examples.bench;

import io.mppfc.Mppfc;
import io.mppfc.code.CodeFingerprint;
import io.mppfc.code.OwnCode;
import io.mppfc.examples.Minimal;
import io.mppfc.examples.Prewarm;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.ToolProvider;

/**
 * What the code fingerprint costs at {@code build()}: the examples' functions, and a generated
 * function that reaches a few thousand methods in three modules of one build (a class
 * directory, a sibling module's jar in its {@code target/}, another class directory), through
 * static, instance, constructor and interface calls, enum constants and lambdas. The first
 * table is a fresh JVM's first fingerprint (nothing compiled by the JIT yet), min / median / max
 * of {@link #RUNS} fresh JVMs, with the median CPU time of the thread that fingerprints (which
 * the load of other processes disturbs less than the wall-clock time), and then each further
 * fingerprint in one JVM. The second table is {@code build()} itself in fresh JVMs: the first
 * run (a new cache), the rerun (the fingerprint kept from the run before, class files
 * unchanged) and {@code trackCode(false)}, min / median / max of {@link #RUNS} runs, with the
 * CPU time of the whole process (the JIT's compiler threads included). Prints Markdown. Not a
 * test: numbers depend on the machine ({@code scripts/bench} prints it, and its load before and after).
 */
public final class FingerprintBenchmark {

    private static final int MODULES = 3;
    private static final int CLASSES = 40;
    private static final int METHODS_PER_CLASS = 24;
    private static final int ROUNDS = 30;
    private static final int RUNS = 7;

    private FingerprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--row")) {
            row(args[1], generated());
            return;
        }
        if (args.length == 4 && args[0].equals("--build")) {
            build(args[1], Path.of(args[2]), Boolean.parseBoolean(args[3]));
            return;
        }
        Path root = Files.createTempDirectory("mppfc-fingerprint");
        try { // the generated modules and the children's caches: gone after the run, as other benchmarks' data
            generate(root);
            System.out.println("| function | methods fingerprinted | classes | first in a fresh JVM, wall min / median / max "
                    + "of " + RUNS + " (thread CPU median) | then, median |");
            System.out.println("|---|---:|---:|---:|---:|");
            for (String row : List.of("minimal", "prewarm", "generated")) {
                long[][] first = new long[2][RUNS];
                String[] fields = null;
                for (int i = 0; i < RUNS; i++) {
                    fields = child(root, "--row", row).strip().split("\t");
                    first[0][i] = Long.parseLong(fields[3]);
                    first[1][i] = Long.parseLong(fields[4]);
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", fields[0], fields[1], fields[2],
                        spread(first).replace("CPU", "thread CPU"), fields[5]);
            }
            System.out.println();
            System.out.println("| `build()` in a fresh JVM, wall min / median / max of " + RUNS + " (CPU median) | "
                    + "trackCode(true), a new cache | "
                    + "trackCode(true), the fingerprint kept from a run before | trackCode(false) |");
            System.out.println("|---|---:|---:|---:|");
            for (String which : List.of("prewarm", "generated")) {
                long[][] fresh = new long[2][RUNS];
                long[][] kept = new long[2][RUNS];
                long[][] untracked = new long[2][RUNS];
                for (int i = 0; i < RUNS; i++) {
                    Path cache = root.resolve("cache-" + which + i);
                    if (i % 2 == 1) { // untracked first in odd runs, last in even ones (kept needs fresh before it)
                        record(untracked, i, child(root, "--build", which, cache + "u", "false"));
                    }
                    record(fresh, i, child(root, "--build", which, cache.toString(), "true"));
                    record(kept, i, child(root, "--build", which, cache.toString(), "true"));
                    if (i % 2 == 0) {
                        record(untracked, i, child(root, "--build", which, cache + "u", "false"));
                    }
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %s | %s |%n", which.equals("prewarm") ? "Prewarm.energy"
                        : "gen.a.A0.run (" + MODULES + " modules)", spread(fresh), spread(kept), spread(untracked));
            }
        } finally {
            CacheBenchmarkFiles.deleteTree(root);
        }
    }

    /** A child's "wall-clock nanoseconds, CPU nanoseconds of every thread of the process" of build(). */
    private static void record(long[][] into, int run, String childOutput) {
        String[] fields = childOutput.strip().split(" ");
        into[0][run] = Long.parseLong(fields[0]);
        into[1][run] = Long.parseLong(fields[1]);
    }

    /** Wall-clock min / median / max, then the median CPU time: on a loaded machine the CPU time says more. */
    private static String spread(long[][] nanos) {
        return spread(nanos[0]) + String.format(Locale.ROOT, " (CPU %.0f ms)", Interleaved.median(doubles(nanos[1])) / 1e6);
    }

    private static String spread(long[] nanos) {
        return Interleaved.spread(doubles(nanos), 1e-6, "%.0f") + " ms";
    }

    private static double[] doubles(long[] values) {
        return Arrays.stream(values).asDoubleStream().toArray();
    }

    private static String child(Path root, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dmppfc.bench.generated=" + root, "-cp", System.getProperty("java.class.path"),
                FingerprintBenchmark.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("the benchmark's child JVM failed: " + command);
        }
        return out;
    }

    private static URL[] generated() throws Exception {
        Path root = Path.of(System.getProperty("mppfc.bench.generated"));
        return new URL[] {root.resolve("m0/target/classes").toUri().toURL(),
            root.resolve("m1/target/m1-1.0.jar").toUri().toURL(), root.resolve("m2/target/classes").toUri().toURL()};
    }

    private static void row(String which, URL[] generated) throws Exception {
        ClassLoader examples = FingerprintBenchmark.class.getClassLoader();
        switch (which) {
            case "minimal" -> measure("examples: Minimal.slowFunction", Minimal.class.getName(), "slowFunction", "(D)D",
                    examples);
            case "prewarm" -> measure("examples: Prewarm.energy", Prewarm.class.getName(), "energy", "(DI)D", examples);
            default -> {
                try (URLClassLoader loader = new URLClassLoader(generated, ClassLoader.getPlatformClassLoader())) {
                    measure("generated: gen.a.A0.run (" + MODULES + " modules)", "gen.a.A0", "run", "(D)D", loader);
                }
            }
        }
    }

    /** Prints the wall-clock and the process's CPU nanoseconds {@code build()} took. */
    private static void build(String which, Path cache, boolean track) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        if (which.equals("prewarm")) {
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Mppfc.cache((io.mppfc.Fn2<Double, Integer, Double>) Prewarm::energy).path(cache).trackCode(track)
                    .build().close();
            System.out.println((System.nanoTime() - start) + " " + (os.getProcessCpuTime() - cpu));
            return;
        }
        try (URLClassLoader loader = new URLClassLoader(generated(), ClassLoader.getPlatformClassLoader())) {
            Method run = loader.loadClass("gen.a.A0").getMethod("run", double.class);
            long cpu = os.getProcessCpuTime();
            long start = System.nanoTime();
            Mppfc.cacheMethod(run).path(cache).trackCode(track).build().close();
            System.out.println((System.nanoTime() - start) + " " + (os.getProcessCpuTime() - cpu));
        }
    }

    /**
     * Prints, tab-separated: the label, the methods and classes fingerprinted, the first
     * fingerprint's wall-clock and thread CPU nanoseconds, and the median of the rest.
     */
    private static void measure(String label, String className, String method, String descriptor, ClassLoader loader) {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        CodeFingerprint first = fingerprint(className, method, descriptor, loader);
        long firstNanos = System.nanoTime() - start;
        long firstCpu = threads.getCurrentThreadCpuTime() - cpu;
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
        System.out.printf(Locale.ROOT, "%s\t%d\t%d\t%d\t%d\t%.2f ms%n", label, first.methods(),
                first.ownClasses().size(), firstNanos, firstCpu, rounds[ROUNDS / 2] / 1e6);
    }

    private static CodeFingerprint fingerprint(String className, String method, String descriptor, ClassLoader loader) {
        return CodeFingerprint.of(className, method, descriptor, loader,
                OwnCode.besideFunction(className.replace('.', '/'), loader));
    }

    /**
     * Three modules {@code gen.a}, {@code gen.b}, {@code gen.c} of {@link #CLASSES} classes each:
     * class i's run calls its own chain of methods, a lambda, an instance method, an interface
     * method on one of two implementations, an enum constant's body, and class i+1's run (the
     * last class of a module, the next module's first).
     */
    private static Path generate(Path root) throws Exception {
        List<Path> classpath = new ArrayList<>();
        for (int m = MODULES - 1; m >= 0; m--) {
            String pkg = "gen." + (char) ('a' + m);
            String prefix = String.valueOf((char) ('A' + m));
            String next = m + 1 < MODULES ? "gen." + (char) ('a' + m + 1) + "." + (char) ('A' + m + 1) + "0" : null;
            Path sources = Files.createDirectories(root.resolve("m" + m + "/src/" + pkg.replace('.', '/')));
            List<String> files = new ArrayList<>();
            files.add(write(sources, "Shape", "package " + pkg + ";\n\npublic interface Shape {\n    double area(double x);\n}\n"));
            files.add(write(sources, "Square", "package " + pkg + ";\n\nclass Square implements Shape {\n"
                    + "    public double area(double x) { return x * x; }\n}\n"));
            files.add(write(sources, "Disc", "package " + pkg + ";\n\nclass Disc implements Shape {\n"
                    + "    public double area(double x) { return Math.PI * x * x; }\n}\n"));
            files.add(write(sources, "Op", "package " + pkg + ";\n\nenum Op {\n"
                    + "    PLUS { double apply(double a, double b) { return a + b; } },\n"
                    + "    TIMES { double apply(double a, double b) { return a * b; } };\n\n"
                    + "    abstract double apply(double a, double b);\n}\n"));
            for (int c = 0; c < CLASSES; c++) {
                String name = prefix + c;
                StringBuilder s = new StringBuilder("package " + pkg + ";\n\npublic class " + name + " {\n");
                s.append("    static final Shape[] SHAPES = {new Square(), new Disc()};\n");
                s.append("    private final double scale;\n    ").append(name)
                        .append("(double scale) { this.scale = scale; }\n");
                s.append("    double scaled(double x) { return x * scale + ").append(c).append("; }\n");
                s.append("    public static double run(double x) {\n        double y = m0(x);\n");
                s.append("        java.util.function.DoubleUnaryOperator f = v -> v * ").append(c).append(" + 1;\n");
                s.append("        y = f.applyAsDouble(y) + new ").append(name).append("(2).scaled(y);\n");
                s.append("        y = Op.PLUS.apply(y, SHAPES[").append(c % 2).append("].area(y));\n");
                String callee = c + 1 < CLASSES ? prefix + (c + 1) : next;
                s.append(callee != null ? "        return y + " + callee + ".run(y / 2);\n" : "        return y;\n");
                s.append("    }\n");
                for (int i = 0; i < METHODS_PER_CLASS; i++) {
                    s.append("    static double m").append(i).append("(double x) {\n");
                    s.append("        double acc = Math.sqrt(Math.abs(x)) + ").append(i).append(";\n");
                    s.append("        for (int i = 0; i < 3; i++) { acc += i * x; }\n");
                    s.append(i + 1 < METHODS_PER_CLASS ? "        return m" + (i + 1) + "(acc);\n"
                            : "        return acc;\n");
                    s.append("    }\n");
                }
                s.append("}\n");
                files.add(write(sources, name, s.toString()));
            }
            Path classes = Files.createDirectories(root.resolve("m" + m + "/target/classes"));
            List<String> javacArgs = new ArrayList<>(List.of("-d", classes.toString()));
            if (!classpath.isEmpty()) {
                javacArgs.addAll(List.of("-cp", String.join(java.io.File.pathSeparator,
                        classpath.stream().map(Path::toString).toList())));
            }
            javacArgs.addAll(files);
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            if (ToolProvider.getSystemJavaCompiler().run(null, null, errors, javacArgs.toArray(String[]::new)) != 0) {
                throw new IllegalStateException("javac failed: " + errors);
            }
            Files.writeString(root.resolve("m" + m + "/pom.xml"), "<project><groupId>gen</groupId><artifactId>m" + m
                    + "</artifactId></project>\n");
            classpath.add(classes);
        }
        jar(root.resolve("m1/target/classes"), root.resolve("m1/target/m1-1.0.jar"));
        return root;
    }

    private static String write(Path directory, String name, String text) throws Exception {
        Path file = directory.resolve(name + ".java");
        Files.writeString(file, text);
        return file.toString();
    }

    private static void jar(Path classes, Path jar) throws Exception {
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out);
                var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
        }
    }
}
