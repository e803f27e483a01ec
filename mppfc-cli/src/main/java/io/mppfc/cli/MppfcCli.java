package io.mppfc.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * The {@code mppfc} command line: prewarm caches (in CI, say), look at them, check and trim
 * them. {@code java -jar mppfc.jar --help} lists the commands.
 *
 * @since 0.1
 */
public final class MppfcCli {

    /** picocli's words for {@code mppfc help NOSUCH}. */
    private static final java.util.regex.Pattern UNKNOWN_COMMAND = java.util.regex.Pattern.compile(
            "Unknown subcommand '(.*)'\\.?");

    /** Exit code: bad usage or input. */
    static final int USAGE = 2;
    /** Exit code: some tasks failed. */
    static final int FAILED = 1;
    /** Exit code: everything is cached, but some results could not be uploaded to the shared store. */
    static final int NOT_UPLOADED = 3;

    private MppfcCli() {
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args));
    }

    /** slf4j-simple's word for a warning, when mppfc chose it (the user did not): set again once the command is known. */
    private static final String WARN_LEVEL = "org.slf4j.simpleLogger.warnLevelString";
    private static boolean warnLevelOurs;

    /**
     * The library's warnings read as the CLI's own lines ({@code mppfc prewarm: warning: ...}),
     * without slf4j-simple's thread and logger names; set before any logger exists, and only where
     * the user did not set them.
     */
    static void quietLogging() {
        warnLevelOurs = System.getProperty(WARN_LEVEL) == null;
        java.util.Map<String, String> settings = java.util.Map.of("org.slf4j.simpleLogger.showThreadName", "false",
                "org.slf4j.simpleLogger.showLogName", "false", "org.slf4j.simpleLogger.showShortLogName", "false",
                "org.slf4j.simpleLogger.levelInBrackets", "false",
                "org.slf4j.simpleLogger.warnLevelString", "mppfc: warning:");
        settings.forEach((key, value) -> {
            if (System.getProperty(key) == null) {
                System.setProperty(key, value);
            }
        });
    }

    static int run(String... args) {
        return run(null, null, args);
    }

    /** As {@link #run(String...)}, printing to {@code out} and {@code err} (null: the standard streams). */
    static int run(java.io.PrintWriter out, java.io.PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new MppfcCommand());
        if (out != null) {
            cli.setOut(out);
        }
        if (err != null) {
            cli.setErr(err);
        }
        cli.setParameterExceptionHandler(MppfcCli::badOption);
        cli.setExecutionStrategy(parsed -> {
            if (warnLevelOurs) { // the command is known now, and no logger exists yet: its warnings carry its name
                List<CommandLine> commands = parsed.asCommandLineList();
                System.setProperty(WARN_LEVEL, commands.get(commands.size() - 1).getCommandSpec().qualifiedName(" ")
                        + ": warning:");
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // one rule for every error line: the command's name first (mppfc prewarm:, mppfc failures clear:),
            // bad usage or not; a line of mppfc's alone (mppfc:) only when no command was given
            String name = commandLine.getCommandSpec().qualifiedName(" ");
            if (e instanceof io.mppfc.code.CodeNotReadableException code) {
                // the library's advice names its builder's methods; here the options do the same
                commandLine.getErr().println(name + ": --function: the class file of " + Terminal.line(code.className())
                        + " cannot be read to fingerprint its code (a JDK class, or one made at run time); give "
                        + "--no-code-tracking, and a new --key-version whenever its results would change");
                return USAGE;
            }
            if (e instanceof UsageException || e instanceof IllegalArgumentException
                    || e instanceof io.mppfc.cache.NotACacheException) {
                commandLine.getErr().println(name + ": " + Terminal.line(e.getMessage(), Integer.MAX_VALUE));
                return USAGE;
            }
            java.io.IOException io = IoProblems.of(e);
            if (io != null) {
                // what the file system said, in a person's words; a path the user named that is not there is bad input
                commandLine.getErr().println(name + ": " + Terminal.line(IoProblems.describe(io), Integer.MAX_VALUE));
                return IoProblems.missing(io) ? USAGE : FAILED;
            }
            if (e instanceof IllegalStateException) {
                // the file system or the cache said no: its message says what and where; no stack trace
                commandLine.getErr().println(name + ": " + Terminal.line(e.getMessage(), Integer.MAX_VALUE)); // may quote a file or a function
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }

    /**
     * A bad option or value: one line saying which and why, and where the usage is; the usage
     * itself would bury the line under forty others.
     */
    private static int badOption(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String name = command.getCommandSpec().qualifiedName(" ");
        String message = String.valueOf(e.getMessage()).strip();
        int newline = message.indexOf('\n');
        message = newline < 0 ? message : message.substring(0, newline).strip();
        message = message.replaceFirst("^Error: ", ""); // the line is an error already
        if (message.startsWith("Missing required subcommand")) { // plain mppfc: what can follow it
            command.getErr().println(name + ": give a command: " + String.join(", ", command.getSubcommands().keySet())
                    + "; " + name + " --help says what each does");
            command.getErr().flush();
            return USAGE;
        }
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            message = unmatched(command, unmatched);
        }
        java.util.regex.Matcher unknown = UNKNOWN_COMMAND.matcher(message);
        if (unknown.matches()) { // mppfc help NOSUCH: said of mppfc's commands
            command = command.getParent() != null ? command.getParent() : command;
            name = command.getCommandSpec().qualifiedName(" ");
            message = unknown.group(1) + " is not a command; the commands: "
                    + String.join(", ", command.getSubcommands().keySet());
        }
        command.getErr().println(name + ": " + Terminal.line(message, Integer.MAX_VALUE) + " (" + name
                + " --help lists the " + (command.getSubcommands().isEmpty() ? "options" : "commands and options") + ")");
        command.getErr().flush();
        return USAGE;
    }

    /**
     * A word the command does not take, said as what it looks like to the person who typed it:
     * a command that does not exist, an option misspelt, or a value without its option; with the
     * nearest name picocli knows.
     */
    private static String unmatched(CommandLine command, CommandLine.UnmatchedArgumentException e) {
        String word = e.getUnmatched().get(0);
        List<String> near = e.getSuggestions();
        String meant = near.isEmpty() ? "" : " (did you mean " + near.get(0) + "?)";
        if (word.startsWith("-")) {
            return "unknown option " + word + meant;
        }
        if (!command.getSubcommands().isEmpty()) {
            return word + " is not a command" + meant + "; the commands: "
                    + String.join(", ", command.getSubcommands().keySet());
        }
        return word + " is given without an option: put the name of the option it is for before it";
    }
}
