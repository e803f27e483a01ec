package io.mppfc.examples.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Time from {@code startWorkers(2)} to the first result on a classpath's first run (no class
 * data yet: a fresh {@code mppfc.cdsDir}) and on the run after it (once the class data is made),
 * each in a fresh JVM ({@link FirstResultProbe}), for an {@code int} and for a value Fory stores,
 * on each JDK given, the JDKs interleaved run by run. Prints a Markdown table with min / median /
 * max of the wall-clock time and the median CPU time the workers and the coordinator had used by
 * the first result (read from /proc, so less sensitive to the machine's load than the wall clock),
 * next to the reference: one JVM start on the same JDK, timed in the same runs (before the
 * probes in one run, after them in the next), each time taken over it run by run.
 *
 * <p>{@code scripts/bench first-run [RUNS]}; {@code -Dmppfc.bench.jdks=HOME,HOME}: the JDKs
 * (default: this one); {@code -Dmppfc.bench.classpaths=LABEL=CLASSPATH;LABEL=CLASSPATH}: builds
 * of mppfc to compare, interleaved like the JDKs (default: this JVM's classpath).
 */
public final class FirstResultBenchmark {

    private static final long CLASS_DATA_WAIT_SECONDS = 300;
    /** The reference row's "result | run" cells. */
    private static final String JVM_START = "- | one JVM start, `main` returning at once (the reference)";

    private FirstResultBenchmark() {
    }

    /**
     * Runs the probes and prints the table.
     *
     * @param args the number of runs per cell (default 5)
     * @throws Exception if a probe fails
     */
    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<String> jdks = Arrays.asList(System.getProperty("mppfc.bench.jdks", System.getProperty("java.home"))
                .split(","));
        Map<String, String> classpaths = new LinkedHashMap<>();
        for (String entry : System.getProperty("mppfc.bench.classpaths", "this=" + System.getProperty("java.class.path"))
                .split(";")) {
            classpaths.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
        }
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            if (run % 2 == 0) { // the reference before the probes in one run, after them in the next
                jvmStarts(jdks, classpaths, samples);
            }
            for (String kind : System.getProperty("mppfc.bench.kinds", "int,fory").split(",")) {
                for (String jdk : jdks) {
                    for (Map.Entry<String, String> classpath : classpaths.entrySet()) {
                        Path cds = Files.createTempDirectory("mppfc-first-run-cds");
                        try {
                            String label = classpath.getKey() + " | JDK " + feature(jdk) + " | " + kind;
                            samples.computeIfAbsent(label + " | first run", k -> new ArrayList<>())
                                    .add(probe(jdk, classpath.getValue(), kind, cds));
                            awaitClassData(cds.resolve("cds"));
                            samples.computeIfAbsent(label + " | after", k -> new ArrayList<>())
                                    .add(probe(jdk, classpath.getValue(), kind, cds));
                        } finally {
                            CacheBenchmarkFiles.deleteTree(cds);
                        }
                    }
                }
            }
            if (run % 2 == 1) {
                jvmStarts(jdks, classpaths, samples);
            }
        }
        System.out.println("| build | JDK | result | run | ms to the first result (min / median / max) | runs "
                + "| over one JVM start, run by run (min / median / max) | CPU ms by then, workers / coordinator (median) |");
        System.out.println("|---|---|---|---|---:|---:|---:|---:|");
        samples.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<double[]> s = e.getValue();
            String[] label = e.getKey().split(" \\| ");
            List<double[]> start = samples.get(label[0] + " | " + label[1] + " | " + JVM_START);
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %s | %s |%n", e.getKey(), spread(s, 0), s.size(),
                    Interleaved.spread(ratios(s, start), 1, "%.2f×"), label[2].equals("-") ? ""
                    : String.format(Locale.ROOT, "%.0f / %.0f", median(s, 1), median(s, 2)));
        });
    }

    /**
     * The reference, on each JDK and build: one JVM start, the wall-clock time from starting {@code
     * java} with the same options and classpath as a probe to its exit, {@code main} returning at once.
     */
    private static void jvmStarts(List<String> jdks, Map<String, String> classpaths, Map<String, List<double[]>> samples)
            throws IOException, InterruptedException {
        for (String jdk : jdks) {
            for (Map.Entry<String, String> classpath : classpaths.entrySet()) {
                Path cds = Files.createTempDirectory("mppfc-first-run-cds");
                try {
                    long start = System.nanoTime();
                    probe(jdk, classpath.getValue(), "none", cds);
                    double millis = (System.nanoTime() - start) / 1e6;
                    samples.computeIfAbsent(classpath.getKey() + " | JDK " + feature(jdk) + " | " + JVM_START,
                            k -> new ArrayList<>()).add(new double[] {millis, 0, 0});
                } finally {
                    CacheBenchmarkFiles.deleteTree(cds);
                }
            }
        }
    }

    /** Each sample's wall-clock time over the reference's of the same run. */
    private static double[] ratios(List<double[]> samples, List<double[]> reference) {
        double[] ratio = new double[samples.size()];
        for (int i = 0; i < ratio.length; i++) {
            ratio[i] = samples.get(i)[0] / reference.get(i)[0];
        }
        return ratio;
    }

    /** {wall ms, workers' CPU ms, coordinator's CPU ms} of one fresh JVM's first result. */
    private static double[] probe(String jdk, String classpath, String kind, Path cds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(jdk, "bin", "java").toString()));
        if (feature(jdk) >= 24) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-Dmppfc.cdsDir=" + cds.resolve("cds"), "-cp", classpath,
                FirstResultProbe.class.getName(), kind));
        Process probe = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!probe.waitFor(5, TimeUnit.MINUTES) || probe.exitValue() != 0) {
            throw new IllegalStateException("the probe failed: " + line);
        }
        if (kind.equals("none")) {
            return new double[3]; // the reference: its caller times the whole process
        }
        String[] words = line.split(" ");
        double workers = 0;
        double coordinator = 0;
        for (String word : Arrays.copyOfRange(words, 1, words.length)) {
            int eq = word.indexOf('=');
            if (eq > 0 && word.substring(eq + 1).matches("-?[0-9]+")) {
                double millis = Math.max(0, Long.parseLong(word.substring(eq + 1)));
                if (word.startsWith("coordinator=")) {
                    coordinator += millis;
                } else {
                    workers += millis;
                }
            }
        }
        return new double[] {Double.parseDouble(words[0]), workers, coordinator};
    }

    /** Waits, with a bound, until the class data is made: an archive alone in its directory. */
    private static void awaitClassData(Path dir) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLASS_DATA_WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    List<String> names = files.map(f -> f.getFileName().toString()).toList();
                    if (names.size() == 1 && (names.get(0).endsWith(".aot") || names.get(0).endsWith(".jsa"))) {
                        return;
                    }
                }
            }
            Thread.sleep(100); // another process makes it: there is nothing to wait on but the directory
        }
        throw new IllegalStateException("no class data in " + dir + " after " + CLASS_DATA_WAIT_SECONDS + " s");
    }

    private static int feature(String jdk) {
        try {
            for (String line : Files.readAllLines(Path.of(jdk, "release"))) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    return Integer.parseInt(line.substring(14).split("[.\"]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no release file: taken as this JVM's own
        }
        return Runtime.version().feature();
    }

    private static String spread(List<double[]> samples, int column) {
        return Interleaved.spread(samples.stream().mapToDouble(s -> s[column]).toArray(), 1, "%.0f");
    }

    private static double median(List<double[]> samples, int column) {
        return Interleaved.median(samples.stream().mapToDouble(s -> s[column]).toArray());
    }
}
