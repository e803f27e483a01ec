package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Exact;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A function named almost right is answered with the one it may mean, in the form the command takes. */
class FunctionNameSuggestionsTest {

    private static final String DECIMAL = Exact.class.getName() + ".decimal";

    @TempDir
    Path dir;

    private String cache() {
        try (var decimal = Mppfc.cache(Exact::decimal).path(dir.resolve("c")).build()) {
            decimal.apply(java.math.BigDecimal.ONE);
        }
        return dir.resolve("c").toString();
    }

    private static void assertOneLine(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).contains(says);
    }

    @Test
    void aMethodsNameAloneIsAnsweredWithTheFunctionOfThatName() {
        String cache = cache();
        for (String command : List.of("ls", "verify", "pack", "failures")) {
            assertOneLine(CliInProcess.run(command, "--cache", cache, "--function", "decimal"),
                    "holds no function decimal (did you mean " + DECIMAL + "?)");
        }
    }

    @Test
    void aMisspeltFunctionIsAnsweredWithTheNearestAndClearDeletesNothing() throws Exception {
        String cache = cache();
        String misspelt = Exact.class.getName() + ".decmial";
        assertOneLine(CliInProcess.run("clear", "--cache", cache, "--function", misspelt, "--yes"),
                "holds no function " + misspelt + " (did you mean " + DECIMAL + "?)");
        assertThat(CliInProcess.run("get", "--function", Exact.class.getName() + "::decimal", "--classpath",
                CliProcess.FIXTURES, "--cache", cache, "--args", "[1]").out().strip()).isEqualTo("1");
    }

    @Test
    void aFunctionFarFromEveryNameStillPointsToTheListing() {
        assertOneLine(CliInProcess.run("ls", "--cache", cache(), "--function", "com.other.Thing.run"),
                "holds no function com.other.Thing.run (mppfc ls --cache");
    }

    @Test
    void aMisspeltMethodIsAnsweredWithTheNearestStaticMethod() {
        assertOneLine(CliInProcess.run("get", "--function", Exact.class.getName() + "::decmial", "--classpath",
                CliProcess.FIXTURES, "--cache", cache(), "--args", "[1]"), "has no static method decmial (did you "
                + "mean decimal?); its static methods are");
    }

    @Test
    void parameterTypesThatMatchNoOverloadListTheOverloads() {
        assertOneLine(CliInProcess.run("get", "--function", Grid.class.getName() + "::overloaded(Integer)",
                "--classpath", CliProcess.FIXTURES, "--args", "[1]"), "has no static method overloaded(Integer); the "
                + "methods named overloaded: overloaded(int), overloaded(long)");
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(Near.distance("slwo", "slow", 3)).isEqualTo(1);
        assertThat(Near.distance("slow", "slow", 3)).isZero();
        assertThat(Near.distance("a", "abcdefgh", 3)).isEqualTo(4);
        assertThat(Near.names("Phyiscs.slow", List.of("Physics.slow", "Physics.fast"))).containsExactly("Physics.slow");
    }
}
