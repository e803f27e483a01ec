package io.mppfc.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The line every benchmark table starts with: when, on which JDK, on what machine, under what load. */
final class MachineLine {

    private MachineLine() {
    }

    static String now() {
        return "Measured " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " on JDK " + Runtime.version()
                + " (" + System.getProperty("java.vm.name") + "), " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs" + cpuModel() + load() + ".";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).strip() + ")")
                    .findFirst().orElse("");
        } catch (IOException | RuntimeException e) {
            return ""; // not Linux
        }
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return ", load average " + f[0] + " / " + f[1] + " / " + f[2] + " (1 / 5 / 15 min) at the start";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
