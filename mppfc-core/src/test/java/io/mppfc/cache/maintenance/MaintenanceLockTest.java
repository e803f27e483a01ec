package io.mppfc.cache.maintenance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mppfc.cache.CacheMarker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What a maintenance command says when another process holds the cache's maintenance lock. */
@Timeout(120)
class MaintenanceLockTest {

    @TempDir
    Path root;

    /**
     * Another process holding the cache's maintenance lock, a POSIX record lock (fcntl) as the JVM's
     * {@code FileChannel.tryLock} takes it: taken when this returns; the holder then runs the Python
     * statement {@code afterLocked}.
     */
    private Process lockHolder(String afterLocked) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "needs python3 for a POSIX lock in another process");
        CacheMarker.markRoot(root);
        Process holder = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl, sys, time\n"
                + "f = open(sys.argv[1], 'a')\nfcntl.lockf(f, fcntl.LOCK_EX)\nprint('locked', flush=True)\n"
                + afterLocked + "\n", root.resolve(".gc.lock").toString()).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("locked");
            return holder;
        } catch (Exception | Error e) {
            letGo(holder);
            throw e;
        }
    }

    /** Closes the holder's stdin and waits for it to end. */
    private static void letGo(Process holder) throws Exception {
        holder.getOutputStream().close();
        assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aCommandRefusedByTheLockNamesPullAmongTheCommandsThatHoldIt() throws Exception {
        Process pull = lockHolder("sys.stdin.read()"); // as a running pull holds it: until it is told to go
        try {
            assertThatThrownBy(() -> CacheInventory.pack(root, null)).isInstanceOf(IOException.class)
                    .hasMessageContaining("another mppfc gc, pack, pull or upgrade is running");
        } finally {
            letGo(pull);
        }
    }

    @Test
    void aCommandWaitsOutALockHeldForTheMillisecondsOfAWorkersFold() throws Exception {
        // holds the lock as a worker's BatchFold does during a prewarm, for a fold's time, then lets go
        Process fold = lockHolder("time.sleep(0.5)");
        try {
            assertThat(CacheInventory.pack(root, null)).isEmpty(); // on main: "another mppfc gc, pack ... is running"
        } finally {
            letGo(fold);
        }
    }
}
