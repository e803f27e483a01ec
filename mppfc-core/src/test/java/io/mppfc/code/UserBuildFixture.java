package io.mppfc.code;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A user's build of three parts, compiled with real javac: the function's module
 * ({@code com.acme:app}, class {@code com.acme.app.Main}), a helper module of the same project
 * ({@code com.acme:helpers}) and a third-party library ({@code org.lib:lib}); laid out as
 * class directories, as jars, or as one fat jar.
 */
final class UserBuildFixture {

    static final String MAIN = """
            package com.acme.app;

            import com.acme.helpers.Helper;
            import org.lib.Lib;

            public class Main {
                public static double run(double x) {
                    String kind = x > 1 ? "big" : "small";
                    double bonus = switch (kind) {
                        case "big" -> 1;
                        default -> 0;
                    };
                    Object boxed = x;
                    if (boxed instanceof Double d && d > 0) {
                        bonus += d;
                    }
                    java.util.List<Double> values = java.util.List.of(x, x + 1);
                    double sum = values.stream().mapToDouble(Double::doubleValue).map(v -> v * 2).sum();
                    Point p = new Point(x, bonus);
                    String label = "x=" + x + " p=" + p;
                    return Helper.scale(sum) + Lib.twice(bonus) + Op.PLUS.apply(x, 1) + label.length() + p.norm();
                }
            }
            """;
    static final String POINT = """
            package com.acme.app;

            record Point(double x, double y) {
                Point {
                    if (Double.isNaN(x)) {
                        throw new IllegalArgumentException("x");
                    }
                }

                double norm() {
                    return Math.hypot(x, y);
                }
            }
            """;
    static final String OP = """
            package com.acme.app;

            enum Op {
                PLUS {
                    double apply(double a, double b) {
                        return a + b;
                    }
                };

                abstract double apply(double a, double b);
            }
            """;
    static final String HELPER = """
            package com.acme.helpers;

            public class Helper {
                public static double scale(double x) {
                    return x * 3;
                }
            }
            """;
    static final String LIB = """
            package org.lib;

            public class Lib {
                public static double twice(double x) {
                    return x * 2;
                }
            }
            """;

    /** The three parts' class directories. */
    record Compiled(Path app, Path helpers, Path lib) {
    }

    private UserBuildFixture() {
    }

    static Compiled compile(Path dir, String helper, String lib, List<String> javac) throws IOException {
        Path libClasses = javac(Map.of("org/lib/Lib.java", lib), dir.resolve("lib/target/classes"), javac);
        Path helperClasses = javac(Map.of("com/acme/helpers/Helper.java", helper),
                dir.resolve("helpers/target/classes"), javac);
        Path app = javac(Map.of("com/acme/app/Main.java", MAIN, "com/acme/app/Point.java", POINT,
                "com/acme/app/Op.java", OP), dir.resolve("app/target/classes"), javac, libClasses, helperClasses);
        pom(dir.resolve("app"), "com.acme", "app");
        pom(dir.resolve("helpers"), "com.acme", "helpers");
        return new Compiled(app, helperClasses, libClasses);
    }

    /** javac of this JVM when {@code javac} is empty, else that command (another JDK's javac and its options). */
    private static Path javac(Map<String, String> sources, Path output, List<String> javac, Path... classpath)
            throws IOException {
        if (javac.isEmpty()) {
            return CompiledSources.compile(sources, output, classpath);
        }
        Path sourceRoot = Files.createTempDirectory(Files.createDirectories(output.getParent()), "src");
        List<String> command = new ArrayList<>(javac);
        command.addAll(List.of("-g", "-d", output.toString()));
        if (classpath.length > 0) {
            command.add("-cp");
            command.add(String.join(java.io.File.pathSeparator, java.util.Arrays.stream(classpath).map(Path::toString)
                    .toList()));
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = Files.createDirectories(sourceRoot.resolve(source.getKey()).getParent())
                    .resolve(Path.of(source.getKey()).getFileName());
            Files.writeString(file, source.getValue());
            command.add(file.toString());
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IllegalStateException("javac failed: " + command + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output;
    }

    private static void pom(Path module, String group, String artifact) throws IOException {
        Files.writeString(module.resolve("pom.xml"), """
                <project>
                  <modelVersion>4.0.0</modelVersion>
                  <parent>
                    <groupId>com.acme</groupId>
                    <artifactId>parent</artifactId>
                    <version>1.0</version>
                  </parent>
                  <groupId>%s</groupId>
                  <artifactId>%s</artifactId>
                </project>
                """.formatted(group, artifact));
    }

    /** A jar of class directories with the pom.properties of each {@code {group, artifact}}, as Maven writes them. */
    static Path jar(Path jar, List<Path> classDirectories, List<String[]> artifacts) throws IOException {
        Files.createDirectories(jar.getParent());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (String[] artifact : artifacts) {
            entries.put("META-INF/maven/" + artifact[0] + "/" + artifact[1] + "/pom.properties",
                    ("artifactId=" + artifact[1] + "\ngroupId=" + artifact[0] + "\nversion=1.0\n")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        for (Path classes : classDirectories) {
            try (var files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    entries.put(classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                }
            }
        }
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jarOut.putNextEntry(new JarEntry(entry.getKey()));
                jarOut.write(entry.getValue());
                jarOut.closeEntry();
            }
        }
        return jar;
    }

    static String version(Path... classpath) throws IOException {
        try (var loader = CompiledSources.loader(classpath)) {
            return CodeFingerprint.of("com.acme.app.Main", "run", "(D)D", loader,
                    OwnCode.besideFunction("com/acme/app/Main", loader)).version();
        }
    }
}
