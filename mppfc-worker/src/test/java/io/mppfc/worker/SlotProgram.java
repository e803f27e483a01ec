package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A program for the started-slot tests, with its cache at {@code args[0]}: starts one worker
 * whose JVM pauses before its main (at the pause file {@code args[1]}), so that it never maps its
 * slot; says {@code SLOT <path>} once its pool has made the slot, and waits to be killed. Programs
 * sharing a temp directory are started one after the other: the slot that was not there before
 * is this one's.
 */
public final class SlotProgram {

    private SlotProgram() {
    }

    public static void main(String[] args) throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = slots(tmp);
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::identity).path(Path.of(args[0]))
                .workerJvmOptions("-XX:+UnlockDiagnosticVMOptions", "-XX:+PauseAtStartup", "-XX:PauseAtStartupFile=" + args[1])
                .build()) {
            f.startWorkers(1);
            f.submit(7); // a worker is started for work to do
            System.out.println("SLOT " + newSlot(tmp, before));
            System.out.flush();
            Thread.sleep(600_000);
        }
    }

    private static List<Path> slots(Path tmp) throws Exception {
        try (Stream<Path> names = Files.list(tmp)) {
            return names.filter(p -> p.getFileName().toString().startsWith("mppfc-started-")).toList();
        }
    }

    /** The slot made in the temp directory since {@code before}, waited for up to 60 s. */
    private static Path newSlot(Path tmp, List<Path> before) throws Exception {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until) {
            Optional<Path> made = slots(tmp).stream().filter(p -> !before.contains(p)).findFirst();
            if (made.isPresent()) {
                return made.get();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no started slot made in " + tmp + " within 60 s");
    }
}
