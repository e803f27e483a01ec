package io.mppfc.cli;

import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.NotACacheException;
import io.mppfc.cache.CodeVersions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The {@code --cache} option of the commands that look at a whole cache. */
final class CacheRootOption {

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = ".cache",
            description = "The cache root (default: ${DEFAULT-VALUE}).")
    Path cache;

    /**
     * The cache root, for a command that only reads: refused unless it is one, and nothing is
     * written. Absolute, so that every path a command or the library names in it is absolute too
     * (DESIGN.md, "Paths in messages").
     */
    Path existing() throws IOException {
        if (!Files.isDirectory(cache)) {
            throw new UsageException("--cache: " + notADirectory(cache)
                    + (Files.exists(cache, LinkOption.NOFOLLOW_LINKS) ? ""
                            : "; name the directory your program's path(...) gives (by default .cache)"));
        }
        try {
            CacheMarker.requireRoot(cache);
        } catch (NotACacheException e) {
            throw new UsageException("--cache: " + e.getMessage());
        }
        return cache.toAbsolutePath().normalize();
    }

    /**
     * Why a path that is no directory cannot be a cache root, absolute and in a person's words:
     * it does not exist, it is a file, or it is a link to nothing.
     */
    static String notADirectory(Path cache) {
        Path shown = cache.toAbsolutePath();
        if (Files.isSymbolicLink(cache)) {
            String target;
            try {
                target = Files.readSymbolicLink(cache).toString();
            } catch (IOException e) {
                target = "a path";
            }
            return shown + " is a link to " + target + (Files.exists(cache) ? ", which is not a directory"
                    : ", which does not exist") + " (create that directory, or remove the link)";
        }
        if (!Files.exists(cache, LinkOption.NOFOLLOW_LINKS)) {
            return shown + " does not exist";
        }
        return shown + (Files.isRegularFile(cache, LinkOption.NOFOLLOW_LINKS) ? " is a file" : " is not a directory")
                + ", not a cache directory";
    }

    /** The cache root, for a command that changes it: a root of an earlier mppfc is marked now. */
    Path forChange() throws IOException {
        Path root = existing();
        CacheMarker.markRoot(root);
        return root;
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
        java.util.Set<String> there = new java.util.TreeSet<>();
        for (Path dir : CacheInventory.functionDirectories(existing())) {
            String found = dir.getFileName().toString();
            there.add(CodeVersions.function(found));
            if (found.equals(dirName) || CodeVersions.function(found).equals(dirName)) {
                matching.add(dir);
            }
        }
        if (matching.isEmpty() && Files.exists(existing().resolve(dirName).resolve("layout"), LinkOption.NOFOLLOW_LINKS)) {
            throw new UsageException("--function: " + existing().resolve(dirName).toAbsolutePath()
                    + " is not an mppfc function directory (its layout file is not an mppfc layout record); it is left alone");
        }
        if (matching.isEmpty()) {
            String meant = Near.meant(dirName, there);
            throw new UsageException("--function: " + existing().toAbsolutePath() + " holds no function " + dirName
                    + (meant.isEmpty() ? " (mppfc ls --cache " + cache + " lists them)" : meant));
        }
        return matching;
    }
}
