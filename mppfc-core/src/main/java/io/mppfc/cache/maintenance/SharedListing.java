package io.mppfc.cache.maintenance;

import io.mppfc.SharedStore;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.pack.RemotePackIndex;
import io.mppfc.cache.pack.RemotePacks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One listing of a shared store, grouped by function directory: its loose objects
 * ({@code <function>/<64 hex>}), its packs ({@code <function>/packs/<name>}) and their indexes
 * ({@code .idx}), and whatever else is there (kept, counted). Keys that are not a function
 * directory's are not mppfc's and are left alone.
 */
final class SharedListing {

    private static final Pattern FUNCTION = Pattern.compile("[A-Za-z0-9_$-][A-Za-z0-9._$-]*(@[0-9a-f]{16})?");
    /**
     * The longest name of a directory a file system holds (NAME_MAX), in these ASCII names'
     * characters; mppfc's own are at most 226. A folder named longer in the bucket was never
     * pushed from a cache, and making its directory fails: not a function of mppfc's.
     */
    private static final int LONGEST_NAME = 255;
    private static final Pattern LOOSE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern PACK = Pattern.compile(RemotePacks.FOLDER + "(pack-[0-9a-f]{12}-[0-9a-f]{16}\\.mpk)("
            + Pattern.quote(RemotePacks.INDEX_SUFFIX) + ")?");
    private static final Pattern FAILURE = Pattern.compile(Pattern.quote(io.mppfc.cache.SharedTier.FAILURES) + "[0-9a-f]{64}");

    /**
     * The objects of one function directory in the store.
     *
     * @param name the function directory's name
     * @param looseKeys the keys of its loose objects, with their sizes
     * @param looseBytes their bytes
     * @param packBytes the bytes of its packs (name to size), indexed or not
     * @param indexed the names of the packs whose index is there
     * @param objects every object under it, with its key
     */
    record Function(String name, Map<CacheKey, Long> looseKeys, long looseBytes, Map<String, Long> packBytes,
            Set<String> indexed, List<SharedStore.Listed> objects) {

        /** The packs whose index is there (the others are half-pushed or half-collected). */
        List<String> indexedPacks() {
            return indexed.stream().filter(packBytes::containsKey).sorted().toList();
        }

        /** Whether it holds an entry mppfc would read: a loose object, or a pack with its index. */
        boolean holdsEntries() {
            return !looseKeys.isEmpty() || !indexedPacks().isEmpty();
        }

        /**
         * The objects of it that mppfc writes (loose entries, packs, their indexes, failure
         * records): what a gc of the version deletes. Anything else under it is the store's word
         * alone (a key with {@code ../} in it, another tool's file) and is left as it is.
         */
        List<SharedStore.Listed> ownObjects() {
            return objects.stream().filter(o -> isOwn(o.key().substring(name.length() + 1))).toList();
        }

        /** When anything of it was last written. */
        Instant lastWritten() {
            return objects.stream().map(SharedStore.Listed::modified).max(Instant::compareTo).orElse(Instant.EPOCH);
        }
    }

    private SharedListing() {
    }

    private static boolean isOwn(String rest) {
        return LOOSE.matcher(rest).matches() || PACK.matcher(rest).matches() || FAILURE.matcher(rest).matches();
    }

    static Map<String, Function> of(List<SharedStore.Listed> listed) {
        Map<String, List<SharedStore.Listed>> byFunction = new TreeMap<>();
        for (SharedStore.Listed o : listed) {
            int slash = o.key().indexOf('/');
            if (slash > 0 && slash <= LONGEST_NAME && FUNCTION.matcher(o.key().substring(0, slash)).matches()) {
                byFunction.computeIfAbsent(o.key().substring(0, slash), f -> new ArrayList<>()).add(o);
            }
        }
        Map<String, Function> functions = new TreeMap<>();
        byFunction.forEach((name, objects) -> {
            Map<CacheKey, Long> loose = new java.util.HashMap<>();
            long looseBytes = 0;
            Map<String, Long> packs = new TreeMap<>();
            Set<String> indexed = new HashSet<>();
            for (SharedStore.Listed o : objects) {
                String rest = o.key().substring(name.length() + 1);
                Matcher pack = PACK.matcher(rest);
                if (LOOSE.matcher(rest).matches()) {
                    loose.put(CacheKey.ofHex(rest), o.size());
                    looseBytes += o.size();
                } else if (pack.matches() && pack.group(2) == null) {
                    packs.put(pack.group(1), o.size());
                } else if (pack.matches()) {
                    indexed.add(pack.group(1));
                }
            }
            functions.put(name, new Function(name, loose, looseBytes, packs, indexed, objects));
        });
        return functions;
    }

    /** The first 8 bytes of every key the local function directory holds, loose or packed. */
    static Set<Long> localPrefixes(Path function) throws IOException {
        Set<Long> prefixes = new HashSet<>();
        for (CacheInventory.Entry e : CacheInventory.entries(function)) {
            prefixes.add(e.key().word(0));
        }
        for (CacheInventory.Entry e : CacheInventory.packedEntries(function)) {
            prefixes.add(e.key().word(0));
        }
        return prefixes;
    }

    /** Whether every record of {@code index} has its key's first 8 bytes in {@code prefixes}. */
    static boolean allIn(RemotePackIndex index, Set<Long> prefixes) {
        for (int i = 0; i < index.count(); i++) {
            if (!prefixes.contains(index.prefix(i))) {
                return false;
            }
        }
        return true;
    }

    /** Adds the first 8 bytes of every key of {@code index} to {@code prefixes}. */
    static void addAll(RemotePackIndex index, Set<Long> prefixes) {
        for (int i = 0; i < index.count(); i++) {
            prefixes.add(index.prefix(i));
        }
    }
}
