package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.pack.RemotePacks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One object the store cannot give costs its own function's pull, never the others'. */
class SharedPullUnreadableTest {

    @TempDir
    Path temp;

    private DirectoryStore store;
    private Path b;

    static long square(long x) {
        return x * x;
    }

    static long cube(long x) {
        return x * x * x;
    }

    @BeforeEach
    void pushTwoFunctions() throws IOException {
        Path a = root("a");
        try (var square = Mppfc.cache(SharedPullUnreadableTest::square).path(a).build();
                var cube = Mppfc.cache(SharedPullUnreadableTest::cube).path(a).build()) {
            for (long x = 0; x < 30; x++) {
                square.apply(x);
                cube.apply(x);
            }
        }
        CacheInventory.pack(a, null);
        store = new DirectoryStore(Files.createDirectories(temp.resolve("store")));
        SharedPush.push(a, store, null, SharedProgress.NONE);
        try (var square = Mppfc.cache(SharedPullUnreadableTest::square).path(a).shared(store).build()) {
            square.apply(100L); // uploaded as a loose object, as a program sharing its results does
        }
        b = root("b");
    }

    private Path root(String name) throws IOException {
        Path root = Files.createDirectories(temp.resolve(name));
        CacheMarker.markRoot(root);
        return root;
    }

    /** The store's keys of one function (by its method name) that end so. */
    private List<String> keys(String method, String ending) throws IOException {
        return store.list("").stream().map(io.mppfc.SharedStore.Listed::key)
                .filter(k -> k.contains("." + method + "@") && k.endsWith(ending)).toList();
    }

    /** Replaces an object's file with a directory: listed, and every read of it fails. */
    private void unreadable(String key) throws IOException {
        Files.delete(store.file(key));
        Files.createDirectory(store.file(key));
    }

    private Map<String, SharedPull.Result> pull() throws IOException {
        return SharedPull.pull(b, store, null, SharedProgress.NONE).stream().collect(Collectors.toMap(
                r -> io.mppfc.cache.CodeVersions.function(r.function()).replaceAll(".*\\.", ""), Function.identity()));
    }

    @Test
    void anUnreadablePackIndexSkipsItsFunctionAndPullsTheOthers() throws IOException {
        String index = keys("cube", RemotePacks.INDEX_SUFFIX).get(0);
        unreadable(index);

        Map<String, SharedPull.Result> pulled = pull();

        assertThat(pulled.get("cube").skipped()).isTrue();
        assertThat(pulled.get("cube").unread()).contains(index);
        assertThat(pulled.get("square").skipped()).isFalse();
        assertThat(pulled.get("square").records()).isEqualTo(31);
    }

    @Test
    void anUnreadablePackSkipsItsFunctionAndPullsTheOthers() throws IOException {
        String pack = keys("square", ".mpk").get(0);
        unreadable(pack);

        Map<String, SharedPull.Result> pulled = pull();

        assertThat(pulled.get("square").skipped()).isTrue();
        assertThat(pulled.get("square").unread()).contains(pack);
        assertThat(pulled.get("cube").records()).isEqualTo(30);
    }

    @Test
    void anUnreadableLooseObjectSkipsItsFunctionAndPullsTheOthers() throws IOException {
        List<String> loose = store.list("").stream().map(io.mppfc.SharedStore.Listed::key)
                .filter(k -> k.contains(".square@") && !k.contains("/packs/")).toList();
        assertThat(loose).hasSize(1);
        unreadable(loose.get(0));

        Map<String, SharedPull.Result> pulled = pull();

        assertThat(pulled.get("square").skipped()).isTrue();
        assertThat(pulled.get("cube").records()).isEqualTo(30);
    }

    @Test
    void aSkippedFunctionLeavesNothingOfItsOwnInTheCache() throws IOException {
        unreadable(keys("cube", RemotePacks.INDEX_SUFFIX).get(0));

        pull();

        assertThat(CacheInventory.functionDirectories(b).stream().filter(d -> d.getFileName().toString().contains(".cube@"))
                .mapToLong(d -> {
                    try {
                        return CacheInventory.count(d);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).sum()).isZero();
    }
}
