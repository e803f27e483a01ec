package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Exact;
import io.mppfc.cli.fixtures.Grid;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A value of the wrong kind for its parameter, through the real jar: one line saying what was
 * written and how the Java type is written, never the parser's tokens or classes
 * ({@code JsonToken.VALUE_STRING}, {@code Cannot deserialize value of type}); exit 2, no cache made.
 */
@Timeout(180)
class ArgumentKindsIT {

    @TempDir
    Path dir;

    private CliProcess.Result get(String function, String json) throws Exception {
        return CliProcess.run(dir, "get", "--function", function, "--classpath", CliProcess.FIXTURES, "--cache", "c",
                "--args", json);
    }

    private void assertOneLine(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).as(r.all()).contains(says).doesNotContain("JsonToken", "Cannot deserialize",
                "Cannot coerce", "token", "ArrayList", "Enum class", "Exception");
        assertThat(Files.exists(dir.resolve("c"))).isFalse();
    }

    @Test
    void aStringForADoubleSaysHowADoubleIsWritten() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::primitives", "[0, 0, 0, 0, 0, \"a\"]"),
                "argument 6", "\"a\" is not a double (a string; a double is written as a number, such as 1.5, "
                        + "or as \"NaN\", \"Infinity\" or \"-Infinity\")");
    }

    @Test
    void aQuotedNumberForALongSaysToDropTheQuotes() throws Exception {
        assertOneLine(get(Grid.class.getName() + "::twice", "[\"2\"]"),
                "\"2\" is not a long (a string; a long is written as a number, without quotes)");
    }

    @Test
    void aNumberForAStringIsAnErrorAsAQuotedNumberForALongIs() throws Exception {
        assertOneLine(get(Grid.class.getName() + "::length", "[5]"),
                "5 is not a java.lang.String (a number; a java.lang.String is written in quotes, such as \"text\")");
    }

    @Test
    void trueForAnIntSaysHowAnIntIsWritten() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::primitives", "[0, 0, true, 0, 0, 0]"),
                "true is not an int (true or false; an int is written as a number, without quotes)");
    }

    @Test
    void aQuotedNumberForABigDecimalSaysToDropTheQuotes() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::decimal", "[\"1.5\"]"),
                "\"1.5\" is not a java.math.BigDecimal (a string; a java.math.BigDecimal is written as a number");
    }

    @Test
    void anUnknownEnumConstantListsTheConstants() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::everything",
                "[{\"at\": {\"x\": 1, \"n\": 1, \"label\": \"a\"}, \"around\": [], \"mode\": \"FINE\"}, \"fine\", [], {}, {}, {}]"),
                "argument 2", "io.mppfc.cli.fixtures.Exact.Mode has no constant \"fine\"; its constants: \"COARSE\", \"FINE\"");
    }

    @Test
    void anArrayForARecordSaysARecordIsAnObjectOfItsFields() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::point", "[[1.5, 3, \"a\"]]"),
                "(an array; record io.mppfc.cli.fixtures.Exact.Point is written as an object of its fields: "
                        + "{\"x\": ..., \"n\": ..., \"label\": ...})");
    }

    @Test
    void aNumberForAListSaysAListIsAnArray() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::everything",
                "[{\"at\": {\"x\": 1, \"n\": 1, \"label\": \"a\"}, \"around\": [], \"mode\": \"FINE\"}, \"FINE\", 1, {}, {}, {}]"),
                "argument 3", "(a number; a list is written as an array, such as [1.5, 2.5])");
    }

    @Test
    void aWholeNumberWithAnExponentForAnIntIsShownAsWrittenAndNotCalledFractional() throws Exception {
        CliProcess.Result r = get(Exact.class.getName() + "::primitives", "[0, 0, 2e0, 0, 0, 0]");
        assertOneLine(r, "2e0 is not an int (written with a fraction or an exponent; an int is written without them, "
                + "such as 2)");
        assertThat(r.err()).doesNotContain("not a whole number");
    }

    @Test
    void aDoubleOutOfRangeIsShownAsWritten() throws Exception {
        assertOneLine(get(Exact.class.getName() + "::primitives", "[0, 0, 0, 0, 0, 1e400]"),
                "1e400 is not a double (outside the range of double");
    }
}
