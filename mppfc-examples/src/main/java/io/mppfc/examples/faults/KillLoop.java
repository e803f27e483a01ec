package io.mppfc.examples.faults;

import io.mppfc.ErroneousFunctionCall;
import io.mppfc.FailureKind;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.DiskCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Fault: a worker killed with SIGKILL at a random moment, N times. Each round queues tasks,
 * kills one worker, and checks that awaitAll returns, every task ends cached or failed with a
 * worker-died reason, no temp file is left, and no entry is damaged. Prints one line of figures.
 */
public final class KillLoop {

    private KillLoop() {
    }

    static int task(int x) throws InterruptedException {
        Thread.sleep(20 + x % 7 * 5);
        return x;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path root = Files.createTempDirectory("mppfc-killloop");
        Random random = new Random(20261124);
        int cached = 0;
        int failed = 0;
        int temps = 0;
        int damaged = 0;
        int hangs = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(KillLoop::task).path(root.resolve("r" + round))
                    .maxRetries(0).build()) {
                f.startWorkers(2);
                for (int i = 0; i < 20; i++) {
                    f.apply(i);
                }
                Thread.sleep(300 + random.nextInt(400)); // workers start in ~0.3 s: kill mid-task, at a random point
                List<ProcessHandle> workers = ProcessHandle.current().children().toList();
                if (!workers.isEmpty()) {
                    workers.get(random.nextInt(workers.size())).destroyForcibly();
                }
                long waitStart = System.nanoTime();
                f.awaitAll();
                hangs += System.nanoTime() - waitStart > 60e9 ? 1 : 0;
                for (int i = 0; i < 20; i++) {
                    if (f.hasKey(i)) {
                        cached++;
                        continue;
                    }
                    try {
                        f.apply(i);
                        throw new AssertionError("task " + i + " is neither cached nor failed");
                    } catch (ErroneousFunctionCall e) {
                        if (e.kind() != FailureKind.WORKER_DIED) {
                            throw new AssertionError("task " + i + " failed for another reason: " + e.getMessage());
                        }
                        failed++;
                    }
                }
                temps += tempFiles(f.cacheDir());
                damaged += CacheInventory.verify(f.cacheDir()).size();
            }
        }
        System.out.printf("SIGKILL of a random worker mid-run | %d rounds of 20 tasks | %d cached, %d failed "
                + "(worker died), %d neither; %d awaitAll hangs; %d temp files left; %d damaged entries | %.0f s%n",
                rounds, cached, failed, rounds * 20 - cached - failed, hangs, temps, damaged,
                (System.nanoTime() - start) / 1e9);
        if (temps + damaged + hangs > 0 || cached + failed != rounds * 20) {
            System.exit(1);
        }
    }

    static int tempFiles(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return (int) walk.filter(p -> p.getFileName().toString().startsWith(DiskCache.TEMP_PREFIX)).count();
        }
    }
}
