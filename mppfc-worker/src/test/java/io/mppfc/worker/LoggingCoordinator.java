package io.mppfc.worker;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A user's program whose worker logs through SLF4J: one worker, one task. Arguments: the cache
 * directory, the workers' classpath ("-" for the default, this JVM's own), then the workers' JVM
 * options.
 */
public final class LoggingCoordinator {

    private LoggingCoordinator() {
    }

    public static void main(String[] args) {
        var builder = Mppfc.cache(LoggingCoordinator::logs).path(Path.of(args[0]))
                .workerJvmOptions(Arrays.copyOfRange(args, 2, args.length));
        if (!args[1].equals("-")) {
            builder.workerClasspath(args[1]);
        }
        try (MultiProcCachedFunction1<Integer, Integer> f = builder.build()) {
            f.startWorkers(1);
            f.apply(1);
            f.awaitAll();
        }
    }

    /** Says which provider its JVM was given by name, and logs one warning. */
    public static int logs(int x) {
        System.err.println("provider named: " + System.getProperty("slf4j.provider"));
        org.slf4j.LoggerFactory.getLogger("io.mppfc.test.Logs").warn("logged line of task {}", x);
        return x * 10;
    }
}
