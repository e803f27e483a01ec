package io.mppfc.cli;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.SharedStore;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.failure.FailureRecords;
import io.mppfc.cli.fixtures.Grid;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One cell of the hostile-tree matrix: a copy of a filled cache ({@code <dir>/c}) and a directory
 * outside it ({@code <dir>/outside}) that links may point into. The cache holds the results of
 * {@link Grid#picky} for 0 to 7 (0 to 3 packed, 4 to 7 loose) and the failures of -1 and -2.
 */
record Cell(Path dir, Path function, Map<Integer, CacheKey> keys) {

    static final Set<Integer> PACKED_KEYS = Set.of(0, 1, 2, 3);
    static final Set<Integer> ALL_KEYS = Set.of(0, 1, 2, 3, 4, 5, 6, 7);
    static final int LOOSE_VICTIM = 5;
    static final int LOOSE_OTHER = 6;
    static final int FAILING_VICTIM = -1;
    static final int FAILING_OTHER = -2;
    static final String FUNCTION = Grid.class.getName() + "::picky";

    Path root() {
        return dir.resolve("c");
    }

    Path outside() {
        return dir.resolve("outside");
    }

    CacheKey key(int argument) {
        return keys.get(argument);
    }

    Path entry(int argument) {
        CacheKey key = key(argument);
        return function.resolve(key.directoryName()).resolve(key.hex());
    }

    static MultiProcCachedFunction1<Integer, Integer> build(Path root) {
        return Mppfc.cache(Grid::picky).path(root).skipKnownFailures(true).build();
    }

    /** The function of {@link #build(Path)} with a shared store behind its cache. */
    static MultiProcCachedFunction1<Integer, Integer> build(Path root, SharedStore store) {
        return Mppfc.cache(Grid::picky).path(root).skipKnownFailures(true).shared(store).build();
    }

    /** {@code <function>/.shared-pending}. */
    Path sharedPending() {
        return function.resolve(".shared-pending");
    }

    /** The scratch directory of a killed pull. */
    Path pullScratch() {
        return function.resolve(".mppfc-pull-0123abcd");
    }

    /** The markers of uploads to the shared store a run could not make (of {@link #LOOSE_OTHER}'s entry and 7's). */
    void leavePendingUploads() throws IOException {
        Files.createDirectories(sharedPending());
        for (int k : new int[] {LOOSE_OTHER, 7}) {
            Files.write(sharedPending().resolve(key(k).hex() + ".entry"), new byte[0]);
        }
    }

    /** A directory a killed command set aside or downloaded into, holding a copy of this cache's pack. */
    void leaveAside(Path directory) throws IOException {
        Files.createDirectories(directory);
        try (Stream<Path> packs = Files.list(function.resolve("packs"))) {
            Path pack = packs.filter(p -> p.getFileName().toString().endsWith(".mpk")).findFirst().orElseThrow();
            Files.copy(pack, directory.resolve(pack.getFileName()));
        }
    }

    /** The filled cache every cell copies, made through the API and {@code mppfc pack}. */
    static Cell template(Path dir) throws IOException {
        Path root = dir.resolve("c");
        Path function;
        try (MultiProcCachedFunction1<Integer, Integer> f = build(root)) {
            for (int k : PACKED_KEYS) {
                f.apply(k);
            }
            function = f.cacheDir();
        }
        int packed = MppfcCli.run("pack", "--cache", root.toString());
        if (packed != 0) {
            throw new IllegalStateException("mppfc pack of the template failed: " + packed);
        }
        try (MultiProcCachedFunction1<Integer, Integer> f = build(root)) {
            for (int k = 4; k < 8; k++) {
                f.apply(k);
            }
            for (int k : new int[] {FAILING_VICTIM, FAILING_OTHER}) {
                try {
                    f.apply(k);
                    throw new IllegalStateException("picky(" + k + ") did not fail");
                } catch (IllegalArgumentException expected) {
                    // recorded as a failure of the key
                }
            }
        }
        Map<Integer, CacheKey> keys = new HashMap<>();
        for (CacheInventory.Entry e : CacheInventory.entries(function)) {
            keys.put(argument(CacheInventory.arguments(e)), e.key());
        }
        for (CacheInventory.Entry e : CacheInventory.packedEntries(function)) {
            keys.put(argument(CacheInventory.arguments(e)), e.key());
        }
        for (FailureRecords.Failure failure : new FailureRecords(function).all()) {
            keys.put(argument(Footprint.argumentsAsJson(failure.arguments())), failure.key());
        }
        if (keys.size() != 10) {
            throw new IllegalStateException("the template cache holds " + keys + ", not 0 to 7, -1 and -2");
        }
        Files.createDirectories(dir.resolve("outside"));
        return new Cell(dir, function, Map.copyOf(keys));
    }

    private static int argument(String json) {
        return Integer.parseInt(json.replaceAll("[\\[\\]\\s]", ""));
    }

    /** A fresh copy of this cell's cache in {@code to}. */
    Cell copyTo(Path to) throws IOException {
        Files.createDirectories(to.resolve("outside"));
        Path from = root();
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve("c").resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
                }
            }
        }
        return new Cell(to, to.resolve("c").resolve(from.relativize(function).toString()), keys);
    }
}
