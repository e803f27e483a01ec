package io.mppfc.examples;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunctionN;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.ToolProvider;

/**
 * The code fingerprint, as a scientist's week goes: a scan runs; a comment is added and the
 * scan runs again (every result served from the cache); a helper the function calls is edited
 * (every result computed again, the old ones kept as another code version). Each "run" compiles
 * the day's sources with javac, as a build would.
 */
public final class CodeChange {

    private static final String PHYSICS = """
            package lab;

            public class Physics {
                public static double slow(double x) throws InterruptedException {
                    Thread.sleep(100);
                    return Helpers.damping(x) * x;
                }
            }
            """;
    private static final String HELPERS = """
            package lab;

            class Helpers {
                static double damping(double x) {
                    return Math.exp(-x / 10);
                }
            }
            """;

    private CodeChange() {
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("mppfc-code-change");
        Path cache = work.resolve("cache");
        run("Monday, the first scan", work.resolve("monday"), cache, PHYSICS, HELPERS);
        run("Tuesday, a comment added to slow", work.resolve("tuesday"), cache,
                PHYSICS.replace("    public static", "    // the model of section 3\n    public static"), HELPERS);
        run("Wednesday, the damping helper corrected", work.resolve("wednesday"), cache, PHYSICS,
                HELPERS.replace("x / 10", "x / 12"));
        try (var versions = Files.list(cache)) {
            System.out.println("code versions in the cache: " + versions.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("lab.")).sorted().toList());
        }
    }

    private static void run(String day, Path build, Path cache, String physics, String helpers) throws Exception {
        compile(build, physics, helpers);
        try (URLClassLoader classes = new URLClassLoader(new URL[] {build.toUri().toURL()},
                CodeChange.class.getClassLoader());
                MultiProcCachedFunctionN<Object> slow = Mppfc.cacheMethod(
                        classes.loadClass("lab.Physics").getMethod("slow", double.class)).path(cache).build()) {
            int cached = 0;
            double sum = 0;
            for (int i = 1; i <= 10; i++) {
                cached += slow.hasKey((double) i) ? 1 : 0;
                sum += (Double) slow.apply((double) i);
            }
            System.out.printf("%s: %d of 10 results from the cache, sum %.4f (code version %s)%n", day, cached, sum,
                    slow.cacheDir().getFileName().toString().split("@")[1]);
        }
    }

    private static void compile(Path build, String physics, String helpers) throws Exception {
        Path sources = Files.createDirectories(build.resolve("src/lab"));
        Files.writeString(sources.resolve("Physics.java"), physics);
        Files.writeString(sources.resolve("Helpers.java"), helpers);
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, errors, "-d", build.toString(),
                sources.resolve("Physics.java").toString(), sources.resolve("Helpers.java").toString());
        if (status != 0) {
            throw new IllegalStateException("javac failed: " + errors);
        }
    }
}
