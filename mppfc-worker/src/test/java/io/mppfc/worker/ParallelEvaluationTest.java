package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.MultiProcCachedFunction2;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class ParallelEvaluationTest {

    @TempDir
    Path root;

    @Test
    void callsReturnNullWhileWorkersComputeAndAwaitAllFillsTheCache() {
        try (MultiProcCachedFunction1<Double, Double> f = Mppfc.cache(TestFunctions::sleepy).path(root).build()) {
            assertThat(f.startWorkers(2)).isTrue();
            long start = System.nanoTime();
            for (int i = 0; i < 8; i++) {
                assertThat(f.apply(0.5 + i / 1000.0)).isNull();
            }
            f.awaitAll();
            double seconds = (System.nanoTime() - start) / 1e9;
            for (int i = 0; i < 8; i++) {
                assertThat(f.cacheOnly(0.5 + i / 1000.0)).isEqualTo(2 * (0.5 + i / 1000.0));
            }
            assertThat(f.status().done()).isEqualTo(8);
            // serially the tasks alone take 4 s; in parallel 2 s plus the workers' start
            assertThat(seconds).as("8 tasks of 0.5 s on 2 workers run in parallel").isLessThan(3.9);
        }
    }

    @Test
    void slowTasksAfterThousandsOfQuickOnesAreSharedByTheWorkers() throws Exception {
        try (MultiProcCachedFunction1<Integer, Long> f =
                Mppfc.cache(TestFunctions::pidAfterSleeping).path(root).build()) {
            f.startWorkers(2);
            List<CompletableFuture<Long>> quick = new ArrayList<>();
            for (int i = 1; i <= 1000; i++) {
                quick.add(f.submit(-i));
            }
            quick.forEach(CompletableFuture::join);
            List<CompletableFuture<Long>> slow = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                slow.add(f.submit(200_000 + i)); // 200 ms each
            }
            Set<Long> workers = new HashSet<>();
            slow.forEach(s -> workers.add(s.join()));
            // by the quick tasks' time, a window of 64 jobs: all 8 went to the first worker
            assertThat(workers).as("the workers that computed the slow tasks").hasSize(2);
        }
    }

    @Test
    void jobsHeldByASlowWorkerGoToTheOneThatIdles() throws Exception {
        String marker = root.resolve("slow-worker").toString();
        try (MultiProcCachedFunction2<String, Integer, Long> f =
                Mppfc.cache(TestFunctions::slowOnTheFirstWorker).path(root.resolve("cache")).build()) {
            f.startWorkers(2);
            Set<Long> ready = new HashSet<>();
            for (int round = 0; ready.size() < 2; round++) { // quick tasks, 100 at a time, until both workers take some
                List<CompletableFuture<Long>> quick = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    quick.add(f.submit(marker, -100 * round - i));
                }
                quick.forEach(q -> ready.add(q.join()));
            }
            // by the quick tasks' time, windows are large: the 40 are shared out about evenly at once
            List<CompletableFuture<Long>> scan = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                scan.add(f.submit(marker, i));
            }
            Map<Long, Integer> computedBy = new HashMap<>();
            scan.forEach(s -> computedBy.merge(s.join(), 1, Integer::sum));
            long slow = Long.parseLong(Files.readString(Path.of(marker)));
            // holding its share, the slow worker computed about 20 (2 s) while the fast one idled
            assertThat(computedBy.getOrDefault(slow, 0)).as("tasks computed by the slow worker, of 40: %s",
                    computedBy).isLessThan(12);
        }
    }
}
