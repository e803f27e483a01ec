package io.mppfc.cli;

import picocli.CommandLine;

/**
 * The {@code mppfc} command line: prewarm caches (in CI, say), look at them, check and trim
 * them. {@code java -jar mppfc.jar --help} lists the commands.
 *
 * @since 0.1
 */
public final class MppfcCli {

    /** Exit code: bad usage or input. */
    static final int USAGE = 2;
    /** Exit code: some tasks failed. */
    static final int FAILED = 1;

    private MppfcCli() {
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
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
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof IllegalArgumentException
                    || e instanceof io.mppfc.cache.NotACacheException) {
                commandLine.getErr().println("mppfc: " + Terminal.line(e.getMessage(), Integer.MAX_VALUE));
                return USAGE;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                    || e instanceof IllegalStateException) {
                // the file system or the cache said no: its message says what and where; no stack trace
                commandLine.getErr().println("mppfc " + commandLine.getCommandName() + ": "
                        + Terminal.line(e.getMessage(), Integer.MAX_VALUE)); // may quote a file or a function
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
        command.getErr().println(name + ": " + message + " (" + name + " --help lists the options)");
        command.getErr().flush();
        return USAGE;
    }
}
