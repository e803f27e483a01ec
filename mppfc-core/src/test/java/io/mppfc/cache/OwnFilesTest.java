package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.mppfc.CacheMissException;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.MaintenanceLock;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.cache.pack.PackUse;
import io.mppfc.files.Fifos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * FIFOs and links planted among mppfc's own files other than entries (packs, {@code last-used},
 * the maintenance lock): none is opened, followed or waited on; the function computes.
 */
class OwnFilesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);
    private static final String PACK_NAME = "pack-000000000001-0123456789abcdef.mpk";

    @TempDir
    Path dir;

    private Path root;
    private Path outside;
    private Path function;
    @RegisterExtension
    final Fifos fifos = new Fifos();

    static int square(int x) {
        return x * x;
    }

    @BeforeEach
    void fill() throws IOException {
        root = dir.resolve("cache");
        outside = Files.createDirectory(dir.resolve("outside"));
        try (MultiProcCachedFunction1<Integer, Integer> f = build()) {
            f.apply(3);
            function = f.cacheDir();
        }
    }

    private MultiProcCachedFunction1<Integer, Integer> build() {
        return Mppfc.cache(OwnFilesTest::square).path(root).build();
    }

    private Path packs() throws IOException {
        return Files.createDirectories(function.resolve(PackSet.DIRECTORY));
    }

    private List<Path> quarantined() throws IOException {
        Path q = function.resolve(Quarantine.NAME);
        if (!Files.isDirectory(q, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(q)) {
            return list.toList();
        }
    }

    @Test
    void aFifoInPlaceOfAPackIsNeverOpenedAndTheFunctionComputes() throws Exception {
        fifos.make(packs().resolve(PACK_NAME));
        assertTimeoutPreemptively(DEADLINE, () -> {
            try (MultiProcCachedFunction1<Integer, Integer> f = build()) {
                assertThat(f.apply(4)).isEqualTo(16);
                assertThat(f.cacheOnly(3)).isEqualTo(9);
                assertThatThrownBy(() -> f.cacheOnly(5)).isInstanceOf(CacheMissException.class);
            }
        });
    }

    @Test
    void aSymlinkInPlaceOfAPackIsAMissAndTheFunctionComputes() throws Exception {
        Path elsewhere = Files.write(outside.resolve("not-a-pack"), new byte[100]);
        Files.createSymbolicLink(packs().resolve(PACK_NAME), elsewhere);
        try (MultiProcCachedFunction1<Integer, Integer> f = build()) {
            assertThat(f.apply(4)).isEqualTo(16);
            assertThat(f.hasKey(5)).isFalse();
        }
        assertThat(elsewhere).hasSize(100);
    }

    @Test
    void verifyMovesAFifoInPlaceOfAPackAsideWithoutOpeningIt() throws Exception {
        Path fifo = fifos.make(packs().resolve(PACK_NAME));
        List<CacheInventory.Finding> found = assertTimeoutPreemptively(DEADLINE, () -> CacheInventory.verify(function));
        assertThat(found).singleElement().satisfies(f -> assertThat(f.problem()).contains("special file"));
        assertThat(fifo).doesNotExist();
        assertThat(quarantined()).singleElement().satisfies(q -> assertThat(Files.isRegularFile(q)).isFalse());
    }

    @Test
    void packAndStatusPassAFifoInPlaceOfAPack() throws Exception {
        fifos.make(packs().resolve(PACK_NAME));
        assertTimeoutPreemptively(DEADLINE, () -> {
            assertThat(CacheInventory.summarize(function).entries()).isEqualTo(1);
            CacheInventory.pack(root, List.of(function));
        });
        try (MultiProcCachedFunction1<Integer, Integer> f = build()) {
            assertThat(f.cacheOnly(3)).isEqualTo(9);
        }
    }

    @Test
    void packLeavesDirectoriesPlantedAtOrphanUseTableNamesAndPacks() throws Exception {
        Path empty = Files.createDirectory(packs().resolve("pack-000000000007-0123456789abcdef" + PackUse.SUFFIX));
        Path full = Files.createDirectory(packs().resolve("pack-000000000008-0123456789abcdef" + PackUse.SUFFIX));
        Files.writeString(full.resolve("user-file"), "kept");

        CacheInventory.pack(root, List.of(function));

        assertThat(empty).isDirectory();
        assertThat(full.resolve("user-file")).hasContent("kept");
        try (MultiProcCachedFunction1<Integer, Integer> f = build()) {
            assertThat(f.cacheOnly(3)).isEqualTo(9);
        }
    }

    @Test
    void aFifoAtLastUsedDoesNotBlockBuildAndIsReplacedByAFile() throws Exception {
        Path lastUsed = function.resolve(CodeVersions.LAST_USED);
        Files.delete(lastUsed);
        fifos.make(lastUsed);
        assertTimeoutPreemptively(DEADLINE, () -> {
            try (MultiProcCachedFunction1<Integer, Integer> f = build()) {
                assertThat(f.apply(3)).isEqualTo(9);
            }
        });
        assertThat(Files.isRegularFile(lastUsed, LinkOption.NOFOLLOW_LINKS))
                .as("the FIFO replaced by a rename, never opened").isTrue();
    }

    @Test
    void aLinkInPlaceOfTheFunctionDirectoryIsRefusedAndNothingIsWrittenWhereItPoints() throws Exception {
        Path moved = outside.resolve("function");
        Files.move(function, moved);
        Files.createSymbolicLink(function, moved);
        long before;
        try (Stream<Path> walk = Files.walk(moved)) {
            before = walk.count();
        }
        assertThatThrownBy(this::build).hasMessageContaining("symbolic link");
        try (Stream<Path> walk = Files.walk(moved)) {
            assertThat(walk.count()).isEqualTo(before);
        }
        assertThat(Files.isSymbolicLink(function)).isTrue();
    }

    @Test
    void aFifoAtTheMaintenanceLockIsRefusedWithoutWaiting() throws Exception {
        fifos.make(root.resolve(MaintenanceLock.NAME));
        assertTimeoutPreemptively(DEADLINE, () -> {
            assertThatThrownBy(() -> CacheInventory.pack(root, List.of(function))).isInstanceOf(IOException.class)
                    .hasMessageContaining(MaintenanceLock.NAME).hasMessageContaining("special file");
            assertThatThrownBy(() -> CacheInventory.collect(root, -1, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining(MaintenanceLock.NAME);
        });
    }

    @Test
    void aDanglingSymlinkAtTheMaintenanceLockCreatesNothingOutside() throws Exception {
        Path target = outside.resolve("made-through-the-link");
        Files.createSymbolicLink(root.resolve(MaintenanceLock.NAME), target);
        assertThatThrownBy(() -> CacheInventory.pack(root, List.of(function))).isInstanceOf(IOException.class)
                .hasMessageContaining("symbolic link");
        assertThat(target).doesNotExist();
        assertThat(Files.isSymbolicLink(root.resolve(MaintenanceLock.NAME))).isTrue();
    }
}
