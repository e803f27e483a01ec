package io.mppfc.cli;

import io.mppfc.cache.CacheInventory;
import io.mppfc.cache.CodeVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
     * A function's directories (one per code version), given as its directory name
     * (com.acme.Physics.slow), as CLASS::METHOD, or as one version's directory name
     * (com.acme.Physics.slow@0123456789abcdef); never outside the cache root.
     */
    List<Path> functions(String name) throws IOException {
        String dirName = name.replace("::", ".");
        if (dirName.isEmpty() || dirName.contains("/") || dirName.contains("\\") || dirName.startsWith(".")) {
            throw new UsageException("--function: \"" + name + "\" is not a function name (like com.acme.Physics.slow)");
        }
        List<Path> matching = new ArrayList<>();
        for (Path dir : CacheInventory.functionDirectories(existing())) {
            String found = dir.getFileName().toString();
            if (found.equals(dirName) || CodeVersions.function(found).equals(dirName)) {
                matching.add(dir);
            }
        }
        if (matching.isEmpty()) {
            throw new UsageException("--function: " + existing().toAbsolutePath() + " holds no function " + dirName
                    + " (mppfc ls --cache " + cache + " lists them)");
        }
        return matching;
    }
}
