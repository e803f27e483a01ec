package io.mppfc.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example runs as a user would run it, in its own JVM, and says what it should. */
class ExamplesTest {

    @TempDir
    Path dir;

    private ExampleProcess.Result run(Class<?> example) throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(example, dir, dir.resolve("cache").toString());
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result;
    }

    @Test
    void fullTour() throws Exception {
        String out = run(FullTour.class).stdout();
        assertThat(out).contains("cacheOnly(4.0)  = 2.0").contains("hasKey(9.0) = false")
                .contains("apply(-1.0) failed in a worker: java.lang.IllegalArgumentException: x must not be negative")
                .contains("join: all stopped = true").contains("terminate: ").contains("average time per task: 3");
        // the running tasks finish and the rest stay queued; on a small machine the workers start
        // one after the other, and the first may have finished a task or more before that (two
        // on a loaded machine on JDK 25): of the 6 tasks given to join, at most 4 still wait
        Matcher join = Pattern.compile("join: all stopped = true; waiting (\\d+) \\| in progress 0 \\| done (\\d+) "
                + "\\| failed 1 \\| total 14").matcher(out);
        assertThat(join.find()).as(out).isTrue();
        assertThat(Integer.parseInt(join.group(1))).isBetween(0, 4);
        assertThat(Integer.parseInt(join.group(1)) + Integer.parseInt(join.group(2))).isEqualTo(13);
        assertThat(out).containsPattern("the rest: waiting 0 \\| in progress 0 \\| done 13 \\| failed 1 \\| total 14");
    }

    @Test
    void codeChangeRecomputesAfterAnEditOfAHelperAndNotAfterAComment() throws Exception {
        String out = run(CodeChange.class).stdout();
        assertThat(out).contains("Monday, the first scan: 0 of 10 results from the cache")
                .contains("Tuesday, a comment added to slow: 10 of 10 results from the cache")
                .contains("Wednesday, the damping helper corrected: 0 of 10 results from the cache");
        assertThat(out).containsPattern("code versions in the cache: \\[lab.Physics.slow@[0-9a-f]{16}, "
                + "lab.Physics.slow@[0-9a-f]{16}\\]");
    }

    @Test
    void pitfalls() throws Exception {
        String out = run(Pitfalls.class).stdout();
        assertThat(out).contains("1.0 too? false; 1L? false").contains("new Object[] {1, 2} too? false")
                .contains("1.00 too? false").contains("same entries too? true")
                .contains("a lambda without a name: the function is a lambda").contains("it is fine: 42");
    }

    @Test
    void cachedConstruction() throws Exception {
        String out = run(CachedConstruction.class).stdout();
        assertThat(out).contains("round 1: predict(3) = 1.5").contains("(built and stored)")
                .contains("round 2: predict(3) = 1.5").contains("(loaded from the cache)");
    }

    @Test
    void liveUpdateShowsPartialResultsWhileWorkersRun() throws Exception {
        List<String> rows = run(LiveUpdate.class).stdout().lines().toList();
        assertThat(rows.get(0)).endsWith("0/12 ready");
        assertThat(rows.get(rows.size() - 1)).endsWith("12/12 ready");
        assertThat(rows).anyMatch(r -> r.matches(".* ([1-9]|1[01])/12 ready"));
    }

    @Test
    void liveUpdateJshellScript() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Path script = Path.of("..", "scripts", "live-update.jsh").toAbsolutePath().normalize();
        ExampleProcess.Result result = ExampleProcess.run(List.of(jshell.toString(), "--class-path",
                System.getProperty("java.class.path"), script.toString()), dir);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        List<String> rows = result.stdout().lines().filter(l -> l.endsWith("ready")).toList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(2)).endsWith("12/12 ready");
    }

    /** jshell numbers its wrapper classes anew each session; an edit of a helper snippet is still an edit. */
    @Test
    void aJshellFunctionKeepsItsCodeVersionAcrossSessionsAndAnEditedHelperGetsANewOne() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        String cache = dir.resolve("jshell-cache").toString().replace("\\", "/");
        String build = "var f = Mppfc.cache((Fn1<Double, Double>) x -> twice(x)).name(\"twice\")"
                + ".path(java.nio.file.Path.of(\"" + cache + "\")).build();\n";
        Path first = Files.writeString(dir.resolve("first.jsh"), "import io.mppfc.*;\nimport io.mppfc.Fn1;\n"
                + "static double twice(double x) { return 2 * x; }\n" + build
                + "System.out.println(\"value \" + f.apply(3.0));\n/exit\n");
        Path second = Files.writeString(dir.resolve("second.jsh"), "import io.mppfc.*;\nimport io.mppfc.Fn1;\n"
                + "static double twice(double x) { return 2 * x; }\n" + build
                + "System.out.println(\"same code cached \" + f.hasKey(3.0));\n"
                + "static double twice(double x) { return 3 * x; }\n" + build
                + "System.out.println(\"edited code cached \" + f.hasKey(3.0) + \", value \" + f.apply(3.0));\n/exit\n");
        assertThat(jshellSession(jshell, first)).contains("value 6.0");
        assertThat(jshellSession(jshell, second)).contains("same code cached true")
                .contains("edited code cached false, value 9.0");
    }

    private String jshellSession(Path jshell, Path script) throws Exception {
        ExampleProcess.Result result = ExampleProcess.run(List.of(jshell.toString(), "--class-path",
                System.getProperty("java.class.path"), script.toString()), dir);
        assertThat(result.exitCode()).as(result.stderr()).isZero();
        return result.stdout();
    }

    @Test
    void prewarmWithTheCommandLineThenReadWithZeroComputation() throws Exception {
        Path jar = Path.of("..", "mppfc-cli", "target", "mppfc.jar").toAbsolutePath().normalize();
        assertThat(jar).as("built by the mppfc-cli module before this one").exists();
        StringBuilder grid = new StringBuilder();
        for (double coupling : new double[] {0.5, 1.0, 1.5}) {
            for (int levels = 1; levels <= 3; levels++) {
                grid.append('[').append(coupling).append(", ").append(levels).append("]\n");
            }
        }
        Path args = Files.writeString(dir.resolve("grid.jsonl"), grid);
        List<String> prewarm = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-jar",
                jar.toString(), "prewarm", "--function", Prewarm.class.getName() + "::energy", "--classpath",
                Path.of("target", "classes").toAbsolutePath().toString(), "--args", args.toString(), "--cache",
                dir.resolve("cache").toString(), "--junit-report", "junit.xml", "--summary-markdown", "summary.md"));
        ExampleProcess.Result ci = ExampleProcess.run(prewarm, dir);
        assertThat(ci.exitCode()).as(ci.stdout() + ci.stderr()).isZero();
        assertThat(ci.stdout()).contains("9 computed");
        assertThat(Files.readString(dir.resolve("junit.xml"))).contains("tests=\"9\" failures=\"0\"");
        assertThat(Files.readString(dir.resolve("summary.md"))).contains("| computed | 9 |");

        String out = run(Prewarm.class).stdout();
        assertThat(out).contains("energy(1.5, 3) = -13.50").contains("0 of 9 computed here");
    }
}
