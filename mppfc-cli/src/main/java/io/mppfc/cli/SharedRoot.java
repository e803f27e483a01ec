package io.mppfc.cli;

/** The store of {@code --shared}, required by the commands that work on a store (push, pull). */
final class SharedRoot {

    private SharedRoot() {
    }

    /** The opened store; without {@code --shared}, a usage error naming the command. */
    static SharedOptions.Opened required(SharedOptions options, String command) {
        if (!options.given()) {
            throw new UsageException(command + " needs --shared s3://BUCKET/PREFIX (and --shared-endpoint URL for a "
                    + "store other than AWS S3)");
        }
        return options.open();
    }

    /** The function filter as a directory name (com.acme.Physics::slow is com.acme.Physics.slow), or null. */
    static String function(String given) {
        if (given == null) {
            return null;
        }
        String name = given.replace("::", ".");
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new UsageException("--function: \"" + Terminal.line(given, 200) + "\" is not a function name (like "
                    + "com.acme.Physics.slow)");
        }
        return name;
    }
}
