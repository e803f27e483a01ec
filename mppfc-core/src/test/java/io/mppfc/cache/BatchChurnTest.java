package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.Pack;
import io.mppfc.cache.pack.PackSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batch packs published, folded, packed and collected by other processes while others read them. */
@Timeout(180)
class BatchChurnTest {

    private static final Pattern COUNTS = Pattern.compile("(\\w+) done=(\\d+) wrong=(\\d+) falseMisses=(\\d+) busy=(\\d+)");

    private static Process start(Path dir, Path root, int n, String role, int index) throws Exception {
        return new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), PackChurn.class.getName(), role, root.toString(),
                Integer.toString(n), "6").redirectError(dir.resolve(role + index + ".err").toFile()).start();
    }

    @Test
    void readersInOtherProcessesNeverMissAPublishedBatchEntryWhileBatchesAreFoldedPackedAndCollected(@TempDir Path dir)
            throws Exception {
        Path root = dir.resolve("cache");
        int n = 200;
        PackChurn.main(new String[] {"seed", root.toString(), Integer.toString(n), "0"});
        List<Process> processes = new ArrayList<>();
        for (String role : List.of("batchreader", "reader", "batcher", "packer", "collector")) {
            processes.add(start(dir, root, n, role, processes.size()));
        }
        long batches = 0;
        long checked = 0;
        for (Process p : processes) {
            assertThat(p.waitFor(150, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            Matcher m = COUNTS.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Long.parseLong(m.group(3))).as("wrong values seen by a " + m.group(1)).isZero();
            assertThat(Long.parseLong(m.group(4))).as("false misses seen by a " + m.group(1)).isZero();
            batches += m.group(1).equals("batcher") ? Long.parseLong(m.group(2)) : 0;
            checked += m.group(1).equals("batchreader") ? Long.parseLong(m.group(2)) : 0;
        }
        assertThat(batches).as("batches published").isGreaterThan(2L * PackChurn.PACKS);
        assertThat(checked).as("lookups of published batch entries").isGreaterThan(100);
        Path function = root.resolve("f");
        assertThat(CacheInventory.verify(function)).isEmpty();
        DiskCache after = DiskCache.open(function, Codecs.create(Codec.FORY, PackChurn.ALLOW), PackChurn.ALLOW, false);
        for (int i = PackChurn.batched(n, 0); i < PackChurn.batched(n, batches); i++) {
            assertThat(after.read(PackChurn.key(i)).value()).as("entry %d", i).isEqualTo(PackChurn.value(i));
        }
    }

    @Test
    void aBatchWriterKilledAnywhereLeavesWholePacksAndTempFilesItsCoordinatorRemoves(@TempDir Path dir)
            throws Exception {
        Path root = dir.resolve("cache");
        int n = 10;
        PackChurn.main(new String[] {"seed", root.toString(), Integer.toString(n), "0"});
        Path published = root.resolveSibling(root.getFileName() + ".published");
        Path function = root.resolve("f");
        for (int kill = 0; kill < 3; kill++) {
            Process batcher = start(dir, root, n, "batcher", kill);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long before = publishedBatches(published);
            while (publishedBatches(published) < before + 20 + 7 * kill) { // a different moment each time
                assertThat(System.nanoTime()).as("the batcher publishes").isLessThan(deadline);
                assertThat(batcher.isAlive()).as("the batcher runs").isTrue();
                Thread.onSpinWait();
            }
            batcher.destroyForcibly(); // SIGKILL
            assertThat(batcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        long batches = publishedBatches(published);
        List<CacheKey> keys = new ArrayList<>();
        for (int i = PackChurn.batched(n, 0); i < PackChurn.batched(n, batches); i++) {
            keys.add(PackChurn.key(i));
        }

        for (Path pack : PackSet.list(function.resolve(PackSet.DIRECTORY))) {
            assertThat(Pack.open(pack).count()).as("a whole pack").isPositive();
        }
        assertThat(CacheInventory.verify(function)).isEmpty();
        DiskCache.removeTemps(function, PackChurn.BATCHER_TAG, keys);
        try (Stream<Path> packs = Files.list(function.resolve(PackSet.DIRECTORY))) {
            assertThat(packs.map(p -> p.getFileName().toString())).as("no temp file left")
                    .noneMatch(name -> name.startsWith(DiskCache.TEMP_PREFIX));
        }
        DiskCache after = DiskCache.open(function, Codecs.create(Codec.FORY, PackChurn.ALLOW), PackChurn.ALLOW, false);
        for (int i = 0; i < keys.size(); i++) {
            int k = PackChurn.batched(n, 0) + i;
            assertThat(after.read(keys.get(i)).value()).as("entry %d", k).isEqualTo(PackChurn.value(k));
        }
    }

    private static long publishedBatches(Path published) throws Exception {
        try {
            return Long.parseLong(Files.readString(published).trim());
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }
}
