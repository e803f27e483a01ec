package io.mppfc.cli;

/** Bad input on the command line (exit code 2): the message says what and where. */
final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
