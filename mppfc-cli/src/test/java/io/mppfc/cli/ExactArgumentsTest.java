package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cli.fixtures.Exact;
import io.mppfc.cli.fixtures.Exact.Mode;
import io.mppfc.cli.fixtures.Exact.Nested;
import io.mppfc.cli.fixtures.Exact.Point;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arguments read from JSON are the values the program passes: same key, every digit kept. */
class ExactArgumentsTest {

    private static final String EXACT = Exact.class.getName();

    @TempDir
    Path dir;

    private CliProcess.Result get(String function, String json) {
        return CliInProcess.run("get", "--function", EXACT + "::" + function, "--classpath", CliProcess.FIXTURES,
                "--cache", dir.resolve("c").toString(), "--args", json);
    }

    private static void assertOneLineError(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).contains(says).doesNotContain("Exception", "\tat ", "Jackson", "jackson", "Feature",
                "CoercionConfig", "`");
    }

    @Test
    void bigDecimalsKeepTheirScaleAndEveryDigit() {
        List<String> texts = List.of("1.10", "1.1", "12345678901234567890.123456789", "1E+400", "-0.000");
        try (var decimal = Mppfc.cache(Exact::decimal).path(dir.resolve("c")).build()) {
            for (String text : texts) {
                decimal.apply(new BigDecimal(text));
            }
        }
        for (String text : List.of("1.10", "1.1", "12345678901234567890.123456789", "1e400", "-0.000")) {
            CliProcess.Result hit = get("decimal", "[" + text + "]");
            assertThat(hit.exitCode()).as(text + ": " + hit.all()).isZero();
            assertThat(hit.out().strip()).isEqualTo(new BigDecimal(text).toString());
        }
    }

    @Test
    void integersAndPrimitivesAreReadIntoTheirDeclaredTypes() {
        BigInteger huge = BigInteger.TEN.pow(2000).add(BigInteger.ONE);
        try (var integer = Mppfc.cache(Exact::integer).path(dir.resolve("c")).build();
                var primitives = Mppfc.cache(Exact::primitives).path(dir.resolve("c")).build()) {
            integer.apply(huge);
            primitives.apply((byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, 0.1f, 0.1);
        }
        assertThat(get("integer", "[" + huge + "]").out().strip()).isEqualTo(huge.toString());
        CliProcess.Result hit = get("primitives", "[-128, 32767, -2147483648, 9223372036854775807, 0.1, 0.1]");
        assertThat(hit.exitCode()).as(hit.all()).isZero();
        assertThat(hit.out().strip()).isEqualTo("-128 32767 -2147483648 9223372036854775807 0.1 0.1");
    }

    @Test
    void aValueThatDoesNotFitItsTypeIsOneLineNamingArgumentValueAndType() {
        assertOneLineError(get("primitives", "[128, 0, 0, 0, 0, 0]"), "argument 1", "128", "byte");
        assertOneLineError(get("primitives", "[0, 32768, 0, 0, 0, 0]"), "argument 2", "32768", "short");
        assertOneLineError(get("primitives", "[0, 0, 3000000000, 0, 0, 0]"), "argument 3", "3000000000", "int");
        assertOneLineError(get("primitives", "[0, 0, 0, 12345678901234567890, 0, 0]"), "argument 4",
                "12345678901234567890", "long");
        assertOneLineError(get("primitives", "[0, 0, 0, 0, 1e39, 0]"), "argument 5", "1e39 is not a float");
        assertOneLineError(get("primitives", "[0, 0, 0, 0, 0, 1e400]"), "argument 6", "1e400 is not a double",
                "outside the range of double");
        assertOneLineError(get("primitives", "[0, 0, 1.5, 0, 0, 0]"), "argument 3", "1.5", "int");
    }

    @Test
    void everyLineLsJsonPrintsIsAcceptedBackByGetForTheSameEntry() {
        Map<Mode, Integer> byMode = new TreeMap<>(Map.of(Mode.FINE, 2, Mode.COARSE, 1));
        Map<Integer, int[]> byNumber = new TreeMap<>(Map.of(1, new int[] {1, 2, 3}, 20, new int[0]));
        Map<String, Integer> byName = new LinkedHashMap<>();
        byName.put("a \"quoted\" key", 1);
        byName.put("tab\there", 2);
        List<String> odd = List.of("plain", "quote \" backslash \\ slash /", "new\nline\r\ttab", "nul \u0000 esc \u001b[2J",
                "unicode é ∑ 😀", "lone \ud800 surrogate", "");
        List<String> expected = new ArrayList<>();
        try (var everything = Mppfc.cache(Exact::everything).path(dir.resolve("c")).build()) {
            for (String text : odd) {
                Nested nested = new Nested(new Point(0.1, 3, text), List.of(new Point(-1e-300, -1, "x")), Mode.FINE);
                expected.add(everything.apply(nested, Mode.COARSE, List.of(1.5, Double.NaN, Double.NEGATIVE_INFINITY),
                        byMode, byName, byNumber));
            }
        }
        CliProcess.Result ls = CliInProcess.run("ls", "--cache", dir.resolve("c").toString(), "--function",
                EXACT + "::everything", "--json");
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        List<String> lines = ls.out().lines().toList();
        assertThat(lines).hasSize(odd.size());
        List<String> answered = new ArrayList<>();
        for (String line : lines) {
            CliProcess.Result hit = get("everything", line);
            assertThat(hit.exitCode()).as(line + ": " + hit.all()).isZero();
            answered.add(hit.out().substring(0, hit.out().length() - System.lineSeparator().length()));
        }
        assertThat(answered).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** The ls --json line of integer(6), with 6 and 7 cached. */
    private String lsLineOfSix() {
        try (var integer = Mppfc.cache(Exact::integer).path(dir.resolve("c")).build()) {
            integer.apply(BigInteger.valueOf(6));
            integer.apply(BigInteger.valueOf(7));
        }
        CliProcess.Result ls = CliInProcess.run("ls", "--cache", dir.resolve("c").toString(), "--function",
                EXACT + "::integer", "--json");
        assertThat(ls.exitCode()).as(ls.all()).isZero();
        return ls.out().lines().filter(l -> l.contains("\"arguments\": [6]")).findFirst().orElseThrow();
    }

    @Test
    void anLsLineWhoseArgumentsWereEditedIsRefusedByItsKey() {
        String six = lsLineOfSix();
        assertThat(get("integer", six).out().strip()).isEqualTo("6");
        assertOneLineError(get("integer", six.replace("\"arguments\": [6]", "\"arguments\": [7]")), "line 1: the key "
                + "does not match the arguments (edited?)");
    }

    @Test
    void anLsLineOfAnotherCodeVersionIsRefused() {
        String six = lsLineOfSix().replaceAll("\"codeVersion\": [^}]*", "\"codeVersion\": \"0123456789ab\"");
        assertOneLineError(get("integer", six), "line 1: an entry of code version 0123456789ab", "remove \"codeVersion\"");
    }

    @Test
    void anLsLineWithAnUnknownFieldIsRefusedLikeAnUnknownRecordField() {
        String six = lsLineOfSix().replace("{\"key\"", "{\"extra\": 1, \"key\"");
        assertOneLineError(get("integer", six), "unknown field \"extra\"", "key, arguments, size");
    }

    @Test
    void valueErrorsNestNoParentheses() {
        for (CliProcess.Result r : List.of(get("point", "[{\"x\": 1.5, \"label\": \"a\"}]"),
                get("primitives", "[1, 1, 1, 99999999999999999999, 1, 1]"),
                get("point", "[{\"x\": 1.5, \"n\": 1, \"label\": \"a\", \"z\": 0}]"))) {
            assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
            int depth = 0;
            int deepest = 0;
            for (char c : r.err().toCharArray()) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                deepest = Math.max(deepest, depth);
            }
            assertThat(deepest).as(r.err()).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aRecordNamedAsAnotherClassIsRefused() {
        assertOneLineError(get("point", "[{\"@record\": \"com.acme.Other\", \"x\": 1, \"n\": 2, \"label\": \"a\"}]"),
                "argument 1", "com.acme.Other");
    }

    @Test
    void aMissingRecordFieldIsOneLineNamingTheField() {
        assertOneLineError(get("point", "[{\"x\": 1.5, \"label\": \"a\"}]"), "argument 1", "column", "\"n\"");
    }

    @Test
    void anUnknownRecordFieldIsOneLineNamingTheFields() {
        assertOneLineError(get("point", "[{\"x\": 1.5, \"n\": 1, \"label\": \"a\", \"z\": 0}]"), "argument 1",
                "has no field \"z\"", "label, n, x");
    }

    @Test
    void aDuplicateKeyIsOneLineWithItsColumn() {
        assertOneLineError(get("point", "[{\"x\": 1.5, \"n\": 1, \"n\": 2, \"label\": \"a\"}]"), "column",
                "\"n\" is given twice");
    }

    @Test
    void prewarmReadsItsFileWithTheSameRulesAsGet() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("in.jsonl"), "[{\"x\": 1, \"n\": 2, \"label\": \"a\"}]\n"
                + "[{\"x\": 1, \"n\": 2, \"x\": 3, \"label\": \"a\"}]\n");
        CliProcess.Result r = CliInProcess.run("prewarm", "--function", EXACT + "::point", "--classpath",
                CliProcess.FIXTURES, "--cache", dir.resolve("c").toString(), "--args", dir.resolve("in.jsonl").toString());
        assertOneLineError(r, "in.jsonl line 2, column", "\"x\" is given twice");
    }

    @Test
    void aNullForAPrimitiveFieldIsOneLine() {
        assertOneLineError(get("point", "[{\"x\": 1.5, \"n\": null, \"label\": \"a\"}]"), "argument 1", "null");
    }

    @Test
    void aNumberLongerThanTheLimitIsOneLineSayingTheLimit() {
        Mppfc.cache(Exact::integer).path(dir.resolve("c")).build().close(); // a cache, so that a get is a miss
        CliProcess.Result longest = get("integer", "[" + "9".repeat(ArgumentMapper.MAX_NUMBER_DIGITS) + "]");
        assertThat(longest.exitCode()).as("a miss, read whole").isEqualTo(1);
        assertOneLineError(get("integer", "[" + "9".repeat(ArgumentMapper.MAX_NUMBER_DIGITS + 1) + "]"), "column",
                "longer than 100000 digits");
    }

    @Test
    void anExponentNoJavaNumberHoldsIsOneLineWithItsColumnForEveryType() {
        assertOneLineError(get("decimal", "[1e999999999999]"), "--args, column 2: 1e999999999999 is out of range",
                "exponent");
        assertOneLineError(get("primitives", "[0, 0, 0, 0, 0, -1.5E-999999999999]"), "column 17",
                "-1.5E-999999999999 is out of range");
        assertOneLineError(get("integer", "[1e999999999999]"), "column 2", "is out of range");
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aWholeNumberWithAHugeExponentIsRefusedWithoutWritingOutItsDigits() {
        // 1e99999999 is whole: suggesting "such as 1000...0" once took minutes, and 1e999999999 threw
        assertOneLineError(get("primitives", "[0, 0, 1e99999999, 0, 0, 0]"), "argument 3", "1e99999999 is not an int",
                "outside the range of int: -2147483648 to 2147483647");
        assertOneLineError(get("primitives", "[2e999999999, 0, 0, 0, 0, 0]"), "outside the range of byte: -128 to 127");
        assertOneLineError(get("integer", "[1e999999999]"), "1e999999999 is not a java.math.BigInteger",
                "a whole number of 1000000000 digits; mppfc reads at most 100000");
        assertOneLineError(get("integer", "[1e50]"), "written without them, in its 51 digits");
        assertOneLineError(get("primitives", "[0, 0, 2e0, 0, 0, 0]"), "written without them, such as 2");
        assertOneLineError(get("primitives", "[2.5, 0, 0, 0, 0, 0]"), "2.5 is not a byte (not a whole number)");
    }

    @Test
    void nestingDeeperThanTheLimitIsOneLine() {
        String deep = "[".repeat(ArgumentMapper.MAX_NESTING + 1) + "]".repeat(ArgumentMapper.MAX_NESTING + 1);
        assertOneLineError(get("integer", deep), "column", "nested deeper than 1000 levels");
    }
}
