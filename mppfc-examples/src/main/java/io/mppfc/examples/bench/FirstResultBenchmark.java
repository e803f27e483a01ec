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
 * the first result (read from /proc, so less sensitive to the machine's load than the wall clock).
 *
 * <p>{@code scripts/bench first-run [RUNS]}; {@code -Dmppfc.bench.jdks=HOME,HOME}: the JDKs
 * (default: this one); {@code -Dmppfc.bench.classpaths=LABEL=CLASSPATH;LABEL=CLASSPATH}: builds
 * of mppfc to compare, interleaved like the JDKs (default: this JVM's classpath).
 */
public final class FirstResultBenchmark {

    private static final long CLASS_DATA_WAIT_SECONDS = 300;

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
        }
        System.out.println("| build | JDK | result | run | ms to the first result (min / median / max) | runs "
                + "| CPU ms by then, workers / coordinator (median) |");
        System.out.println("|---|---|---|---|---:|---:|---:|");
        samples.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            List<double[]> s = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.0f / %.0f |%n", e.getKey(), spread(s, 0), s.size(),
                    median(s, 1), median(s, 2));
        });
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
        double[] v = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return String.format(Locale.ROOT, "%.0f / %.0f / %.0f", v[0], v[v.length / 2], v[v.length - 1]);
    }

    private static double median(List<double[]> samples, int column) {
        double[] v = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        return v[v.length / 2];
    }
}
