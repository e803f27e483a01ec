package io.mppfc.cache.maintenance;

import io.mppfc.cache.VersionInUse;
import io.mppfc.cache.CodeVersions;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes the code versions of each function that no recent run used: what
 * {@code mppfc gc --keep-code-versions N} asks for, and nothing else ever does.
 *
 * @since 0.2
 */
public final class OldCodeVersions {

    /** A version being removed is renamed to this dot name first, which listings skip. */
    static final String TRASH_PREFIX = ".removing-";

    /**
     * What was removed.
     *
     * @param versions code version directories removed
     * @param entries the entries they held
     * @param diskBytes the disk they occupied
     * @param inUse older versions kept because a process has them open (or, on a file system
     *     without locks, might)
     */
    public record Removed(long versions, long entries, long diskBytes, long inUse) {
    }

    private OldCodeVersions() {
    }

    /**
     * Keeps, per function, the code versions the last {@code keep} runs used (an untracked
     * directory counts as one version) and every version a process has open, and removes the
     * others whole, holding {@code <root>/.gc.lock}. Each is first renamed out of the function's
     * name space while its {@code in-use} file is locked exclusively, so a reader finds it whole
     * or not at all, and a process opening it meanwhile waits and then makes it anew. A time of
     * last use in the future (clock skew between hosts) is not believed ({@link CodeVersions#lastUsed}).
     *
     * @param root a cache root
     * @param keep how many versions to keep per function, at least 1
     * @return what was removed
     * @throws IOException if the cache cannot be read or changed, or another maintenance command runs
     */
    public static Removed remove(Path root, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one code version, got " + keep);
        }
        return MaintenanceLock.holding(root, "gc", () -> {
            FunctionClearing.removeAllLeftovers(root); // of an interrupted mppfc clear or gc
            Map<String, List<Path>> byFunction = new LinkedHashMap<>();
            for (Path dir : CacheInventory.functionDirectories(root)) {
                byFunction.computeIfAbsent(CodeVersions.function(dir.getFileName().toString()), f -> new ArrayList<>())
                        .add(dir);
            }
            long versions = 0;
            long entries = 0;
            long bytes = 0;
            long inUse = 0;
            for (List<Path> dirs : byFunction.values()) {
                Map<Path, Instant> lastUsed = new LinkedHashMap<>();
                for (Path dir : dirs) {
                    lastUsed.put(dir, CodeVersions.lastUsed(dir));
                }
                dirs.sort(Comparator.comparing(lastUsed::get).reversed());
                for (Path old : dirs.subList(Math.min(keep, dirs.size()), dirs.size())) {
                    CacheInventory.FunctionSummary summary = CacheInventory.summarize(old);
                    Path trash = trashIn(root);
                    VersionInUse.Verdict verdict = VersionInUse.removeUnlessInUse(old,
                            () -> Files.move(old, trash, StandardCopyOption.ATOMIC_MOVE));
                    if (verdict != VersionInUse.Verdict.REMOVED) {
                        inUse++;
                        continue;
                    }
                    deleteTree(trash);
                    versions++;
                    entries += summary.entries();
                    bytes += summary.diskBytes();
                }
            }
            return new Removed(versions, entries, bytes, inUse);
        });
    }

    private static Path trashIn(Path root) {
        return root.resolve(TRASH_PREFIX + Nonces.hex(8));
    }

    private static void deleteTree(Path trash) throws IOException {
        FileGate.deleteTree(trash);
    }
}
