package io.mppfc.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --cache} option of the commands that look at a whole cache. */
final class CacheRootOption {

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = ".cache",
            description = "The cache root (default: ${DEFAULT-VALUE}).")
    Path cache;

    Path existing() {
        if (!Files.isDirectory(cache)) {
            throw new UsageException("--cache: " + cache.toAbsolutePath() + " is not a directory");
        }
        return cache;
    }

    /**
     * A function's directory, given as its directory name (com.acme.Physics.slow) or as
     * CLASS::METHOD; never outside the cache root.
     */
    Path function(String name) {
        String dirName = name.replace("::", ".");
        if (dirName.isEmpty() || dirName.contains("/") || dirName.contains("\\") || dirName.startsWith(".")) {
            throw new UsageException("--function: \"" + name + "\" is not a function name (like com.acme.Physics.slow)");
        }
        Path dir = existing().resolve(dirName).normalize();
        if (!dir.getParent().equals(existing().normalize()) || !Files.isDirectory(dir)) {
            throw new UsageException("--function: " + existing().toAbsolutePath() + " holds no function " + dirName
                    + " (mppfc ls --cache " + cache + " lists them)");
        }
        return dir;
    }
}
