package io.mppfc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.cli.fixtures.Integrator;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a user reads when they typed something wrong, or asked for help. */
class CliMessagesTest {

    private static void assertOneLine(CliProcess.Result r, String... says) {
        assertThat(r.exitCode()).as(r.all()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.all()).hasSize(1);
        assertThat(r.err()).contains(says).doesNotContain("Usage:", "Exception");
    }

    @Test
    void aBadOptionValueIsOneLineWithAPointerToHelpInEveryCommand() {
        assertOneLine(CliInProcess.run("prewarm", "--function", "a.B::c", "--args", "x", "--stale-after", "7days"),
                "mppfc prewarm: ", "--stale-after", "\"7days\" is not a duration", "mppfc prewarm --help");
        assertOneLine(CliInProcess.run("gc", "--max-size", "ten"), "mppfc gc: ", "\"ten\" is not a size",
                "mppfc gc --help");
        for (String command : List.of("status", "ls", "get", "verify", "gc", "pack", "upgrade", "clear", "failures")) {
            // get and clear name their missing required options first: one line either way
            assertOneLine(CliInProcess.run(command, "--no-such-option"), "mppfc " + command + ": ",
                    "mppfc " + command + " --help");
        }
        assertOneLine(CliInProcess.run("no-such-command"), "mppfc: ", "no-such-command", "mppfc --help");
    }

    @Test
    void aDurationLongerThanJavaCanHoldIsOneLine() {
        assertOneLine(CliInProcess.run("prewarm", "--function", "a.B::c", "--args", "x", "--stale-after",
                "999999999999999d"), "--stale-after", "longer than a duration can be");
    }

    @Test
    void aZeroTaskTimeoutNamesTheOptionAndShowsTheDurationAsTyped() {
        CliProcess.Result r = CliInProcess.run("prewarm", "--function", "a.B::c", "--args", "x", "--task-timeout", "0s");
        assertOneLine(r, "--task-timeout: give a positive duration", "got 0s");
        assertThat(r.err()).doesNotContain("PT0S", "taskTimeout");
    }

    @Test
    void aNegativeDurationIsRefusedForEveryDurationOption() {
        assertOneLine(CliInProcess.run("gc", "--older-than", "PT-1H"), "mppfc gc: ", "--older-than",
                "\"PT-1H\" is negative");
        assertOneLine(CliInProcess.run("prewarm", "--function", "a.B::c", "--args", "x", "--task-timeout", "-5s"),
                "--task-timeout", "\"-5s\" is negative");
        assertOneLine(CliInProcess.run("prewarm", "--function", "a.B::c", "--args", "x", "--stale-after", "-1d"),
                "--stale-after", "\"-1d\" is negative");
    }

    @Test
    void aZeroProgressIntervalIsRefusedAsAZeroTaskTimeoutIs() {
        assertOneLine(CliInProcess.run("prewarm", "--function", "a.B::c", "--args", "x", "--progress-interval", "0s"),
                "--progress-interval: give a positive duration", "got 0s");
    }

    @Test
    void durationsAreReadInTheFormsTheyAreShownIn() {
        DurationConverter durations = new DurationConverter();
        for (java.time.Duration d : List.of(java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(1500),
                java.time.Duration.ofHours(2), java.time.Duration.ofSeconds(61), java.time.Duration.ofNanos(250_000))) {
            String shown = io.mppfc.protocol.DurationText.of(d);
            assertThat(shown).doesNotStartWith("PT");
            assertThat(durations.convert(shown)).as(shown).isEqualTo(d);
        }
        assertThat(io.mppfc.protocol.DurationText.of(java.time.Duration.ofMillis(100))).isEqualTo("100ms");
        assertThat(io.mppfc.protocol.DurationText.of(java.time.Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(io.mppfc.protocol.DurationText.of(java.time.Duration.ofHours(2))).isEqualTo("2h");
    }

    @Test
    void noCommandAtAllListsTheCommandsOnOneLine() {
        CliProcess.Result r = CliInProcess.run();
        assertOneLine(r, "mppfc: give a command: ", "prewarm", "status", "verify", "mppfc --help");
        assertThat(r.err()).doesNotContain("Missing required subcommand");
    }

    @Test
    void aCacheThatIsNotThereIsOneLineInThePersonsWordsForEveryCommand(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path dir) throws Exception {
        java.nio.file.Files.write(dir.resolve("args.jsonl"), List.of("[1]"));
        String function = io.mppfc.cli.fixtures.Exact.class.getName() + "::integer";
        for (String[] args : List.of(
                new String[] {"get", "--function", function, "--classpath", CliProcess.FIXTURES, "--cache", "/proc/x",
                        "--args", "[1]"},
                new String[] {"prewarm", "--function", function, "--classpath", CliProcess.FIXTURES, "--cache",
                        "/proc/x/c", "--args", dir.resolve("args.jsonl").toString()},
                new String[] {"status", "--cache", "/proc/x"}, new String[] {"verify", "--cache", "/proc/x"},
                new String[] {"failures", "--cache", "/proc/x"})) {
            CliProcess.Result r = CliInProcess.run(args);
            assertOneLine(r, "/proc/x");
            assertThat(r.err()).as(args[0]).doesNotContain("java.", "NoSuchFile");
        }
    }

    @Test
    void fileSystemProblemsAreSaidInWords() {
        assertThat(IoProblems.describe(new java.nio.file.NoSuchFileException("/proc/x")))
                .isEqualTo("no such file or directory: /proc/x");
        assertThat(IoProblems.describe(new java.nio.file.AccessDeniedException("/root/c")))
                .isEqualTo("permission denied: /root/c");
        assertThat(IoProblems.describe(new java.io.UncheckedIOException(new java.nio.file.NotDirectoryException("/f"))
                .getCause())).isEqualTo("not a directory: /f");
    }

    @Test
    void everyExampleAndTableLineOfTheHelpFitsEightyColumns() {
        CommandLine cli = new CommandLine(new MppfcCommand());
        List<CommandLine> commands = new java.util.ArrayList<>(cli.getSubcommands().values());
        commands.add(cli);
        for (CommandLine command : commands) {
            for (String footer : command.getCommandSpec().usageMessage().footer()) {
                for (String line : String.format(footer).split("\\R")) {
                    if (line.startsWith(" ")) {
                        assertThat(line.length()).as(command.getCommandName() + ": " + line).isLessThan(80);
                    }
                }
            }
        }
    }

    @Test
    void lsHelpKeepsItsSentencesWhole() {
        CliProcess.Result help = CliInProcess.run("ls", "--help");
        assertThat(help.out().lines()).noneMatch(l -> l.strip().equals("arguments"))
                .noneMatch(l -> l.endsWith("and the"));
    }

    @Test
    void anInstanceMethodSaysWhatItIsAndWhatToDo() {
        CliProcess.Result r = CliInProcess.run("get", "--function", Integrator.class.getName() + "::step", "--classpath",
                CliProcess.FIXTURES, "--args", "[1.0]");
        assertOneLine(r, "step is an instance method", "add a static method", "it has no static methods");
        assertThat(r.err()).doesNotContain("static methods are \n", "static methods are )");
    }
}
