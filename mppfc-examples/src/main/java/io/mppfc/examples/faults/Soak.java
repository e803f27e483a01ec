package io.mppfc.examples.faults;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Soak: many trivial tasks on 2 workers; the coordinator's heap after GC and its open file
 * descriptors, every tenth of the run, must stay flat from the first tenth to the end.
 */
public final class Soak {

    private Soak() {
    }

    static int trivial(int x) {
        return x;
    }

    static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static int openFiles() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int step = tasks / 10;
        Path root = Files.createTempDirectory("mppfc-soak");
        long heapAtTenth = 0;
        int filesAtTenth = 0;
        long maxHeapGrowth = 0;
        int maxFileGrowth = 0;
        long start = System.nanoTime();
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(Soak::trivial).path(root).build()) {
            f.startWorkers(2);
            for (int done = 0; done < tasks; done += step) {
                for (int i = done; i < done + step; i++) {
                    f.apply(i);
                }
                while (f.status().done() + f.status().failed() < done + step) {
                    Thread.sleep(20); // the same two workers all along: no awaitAll until the end
                }
                long heap = heapAfterGc();
                int files = openFiles();
                if (done == 0) {
                    heapAtTenth = heap;
                    filesAtTenth = files;
                } else {
                    maxHeapGrowth = Math.max(maxHeapGrowth, heap - heapAtTenth);
                    maxFileGrowth = Math.max(maxFileGrowth, files - filesAtTenth);
                }
                System.out.printf("after %d tasks: heap after GC %.1f MiB, open files %d%n", done + step, heap / 1048576.0,
                        files);
            }
            f.awaitAll();
            System.out.printf("soak | %d trivial tasks on the same 2 workers, measured every %d | heap growth after the first "
                    + "tenth at most %.1f MiB, open files at most %+d | %.0f s, done %d, failed %d%n", tasks, step,
                    maxHeapGrowth / 1048576.0, maxFileGrowth, (System.nanoTime() - start) / 1e9, f.status().done(),
                    f.status().failed());
            if (maxHeapGrowth > 16 << 20 || maxFileGrowth > 8 || f.status().done() != tasks) {
                System.exit(1);
            }
        }
    }
}
