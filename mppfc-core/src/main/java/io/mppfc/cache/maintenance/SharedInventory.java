package io.mppfc.cache.maintenance;

import io.mppfc.SharedStore;
import io.mppfc.cache.CodeVersions;
import io.mppfc.cache.pack.RemotePackIndex;
import io.mppfc.cache.pack.RemotePacks;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a shared store holds per function and code version ({@code mppfc status --shared}), and
 * its collection ({@code mppfc gc --shared --keep-code-versions N}).
 *
 * <p>A store cannot tell which code versions running programs use, as a local cache's
 * {@code in-use} locks do. So remotely a version's last use is the last time anything of it was
 * written (an upload, a push), the {@code keep} most recent versions per function stay, and so
 * does every version written within {@link #RECENT}: a run on another machine may be uploading
 * to it now. Removing a version a program still reads costs that program recomputation, never a
 * wrong value. A removed version's indexes go first, so its packs are never read half-removed.
 */
public final class SharedInventory {

    /** A version written this recently is kept, whatever its rank. */
    static final Duration RECENT = Duration.ofHours(1);
    /** Overrides {@link #RECENT} (an ISO-8601 duration such as {@code PT10M}), as {@code mppfc.packGrace} does the pack grace. */
    public static final String RECENT_PROPERTY = "mppfc.sharedRecent";
    /** A pack without an index this old is the leftover of a killed push. */
    static final Duration HALF_PUSHED = Duration.ofDays(1);

    /**
     * One function directory in the store.
     *
     * @param directory its name, {@code <function>@<code version>}
     * @param looseEntries entries stored one object each
     * @param looseBytes their bytes
     * @param packs packs with an index
     * @param packedEntries the entries their indexes offer
     * @param packBytes the bytes of every pack, with or without index
     * @param halfPacks packs without an index (a push under way, or killed)
     * @param otherObjects other objects under it
     * @param lastWritten when anything of it was last written
     */
    public record Summary(String directory, long looseEntries, long looseBytes, long packs, long packedEntries,
            long packBytes, long halfPacks, long otherObjects, Instant lastWritten) {

        /** Its function's name, without the code version. */
        public String function() {
            return CodeVersions.function(directory);
        }

        /** Its code version, or {@code ""}. */
        public String codeVersion() {
            return CodeVersions.version(directory);
        }

        /** Every object's bytes. */
        public long bytes() {
            return looseBytes + packBytes;
        }
    }

    /**
     * What a collection removed.
     *
     * @param versions code versions removed
     * @param objects objects deleted, half-pushed packs included
     * @param bytes their bytes
     * @param recent older versions kept because they were written within the last hour
     */
    public record Removed(long versions, long objects, long bytes, long recent) {
    }

    private SharedInventory() {
    }

    /**
     * Lists the store once and reads its packs' indexes.
     *
     * @param store the shared store
     * @return per function directory, in name order
     * @throws IOException if the store fails
     */
    public static List<Summary> summarize(SharedStore store) throws IOException {
        long maxIndex = Math.min(store.maxObjectBytes(), Runtime.getRuntime().maxMemory() / 4);
        List<Summary> summaries = new ArrayList<>();
        for (SharedListing.Function f : SharedListing.of(store.list("")).values()) {
            long packed = 0;
            long packs = 0;
            for (String pack : f.indexedPacks()) {
                RemotePackIndex index = RemotePacks.read(store, f.name(), pack, maxIndex);
                if (index != null) {
                    packs++;
                    packed += index.count();
                }
            }
            long packBytes = f.packBytes().values().stream().mapToLong(Long::longValue).sum();
            long half = f.packBytes().keySet().stream().filter(p -> !f.indexed().contains(p)).count();
            long other = f.objects().size() - f.looseKeys().size() - f.packBytes().size() - f.indexed().size();
            summaries.add(new Summary(f.name(), f.looseKeys().size(), f.looseBytes(), packs, packed, packBytes, half,
                    other, f.lastWritten()));
        }
        return summaries;
    }

    /**
     * Keeps, per function, the {@code keep} code versions written to last and every version
     * written within {@link #RECENT}; deletes the others' entries, packs, indexes (first) and
     * failure records, and leaves whatever else their folders hold. Packs left
     * without an index for over {@link #HALF_PUSHED} are deleted too.
     *
     * @param store the shared store
     * @param keep how many versions to keep per function, at least 1
     * @return what was removed
     * @throws IOException if the store fails
     */
    public static Removed collect(SharedStore store, int keep) throws IOException {
        if (keep < 1) {
            throw new IllegalArgumentException("keep at least one code version, got " + keep);
        }
        Instant now = Instant.now();
        Duration recentBound = recent();
        Map<String, List<SharedListing.Function>> byFunction = new LinkedHashMap<>();
        for (SharedListing.Function f : SharedListing.of(store.list("")).values()) {
            byFunction.computeIfAbsent(CodeVersions.function(f.name()), n -> new ArrayList<>()).add(f);
        }
        long versions = 0;
        long objects = 0;
        long bytes = 0;
        long recent = 0;
        for (List<SharedListing.Function> dirs : byFunction.values()) {
            dirs.sort(Comparator.comparing(SharedListing.Function::lastWritten).reversed());
            for (int i = 0; i < dirs.size(); i++) {
                SharedListing.Function f = dirs.get(i);
                if (i < keep || f.lastWritten().isAfter(now.minus(recentBound))) {
                    recent += i < keep ? 0 : 1;
                    for (SharedStore.Listed o : halfPushed(f, now)) {
                        store.delete(o.key());
                        objects++;
                        bytes += o.size();
                    }
                    continue;
                }
                // only what mppfc wrote: a listed key such as f@v/../../other is the store's word, not a path to follow
                List<SharedStore.Listed> indexesFirst = new ArrayList<>(f.ownObjects());
                indexesFirst.sort(Comparator.comparing((SharedStore.Listed o) -> !o.key().endsWith(RemotePacks.INDEX_SUFFIX)));
                for (SharedStore.Listed o : indexesFirst) {
                    store.delete(o.key());
                    objects++;
                    bytes += o.size();
                }
                versions++;
            }
        }
        return new Removed(versions, objects, bytes, recent);
    }

    private static Duration recent() {
        String configured = System.getProperty(RECENT_PROPERTY);
        if (configured == null) {
            return RECENT;
        }
        try {
            return Duration.parse(configured);
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("the system property " + RECENT_PROPERTY + " is \"" + configured
                    + "\"; give an ISO-8601 duration such as PT1H or PT0S");
        }
    }

    private static List<SharedStore.Listed> halfPushed(SharedListing.Function f, Instant now) {
        List<SharedStore.Listed> half = new ArrayList<>();
        for (SharedStore.Listed o : f.ownObjects()) {
            String last = o.key().substring(o.key().lastIndexOf('/') + 1);
            if (f.packBytes().containsKey(last) && !f.indexed().contains(last)
                    && o.modified().isBefore(now.minus(HALF_PUSHED))) {
                half.add(o);
            }
        }
        return half;
    }
}
