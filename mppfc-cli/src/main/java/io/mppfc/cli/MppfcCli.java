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
        CommandLine cli = new CommandLine(new MppfcCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof UsageException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("mppfc: " + e.getMessage());
                return USAGE;
            }
            if (e instanceof java.io.IOException || e instanceof java.io.UncheckedIOException
                    || e instanceof IllegalStateException) {
                // the file system or the cache said no: its message says what and where; no stack trace
                commandLine.getErr().println("mppfc " + commandLine.getCommandName() + ": " + e.getMessage());
                return FAILED;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
