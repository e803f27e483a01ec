package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 100 MiB result is stored and read back by JVMs whose heap is 1.5 times its size: it is
 * encoded into the mapped temp file, and checksummed in chunks and decoded from the mapped entry,
 * never held as a second copy.
 */
@Timeout(120)
class BigEntryTest {

    static final int LENGTH = 100 * 1024 * 1024 / 8;
    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    static double[] value() {
        double[] v = new double[LENGTH];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5;
        }
        return v;
    }

    static CacheKey key() {
        return CacheKey.of(io.mppfc.footprint.Footprint.sha256("big"));
    }

    /** The child JVM: stores the entry, or reads it and checks every element. */
    public static void main(String[] args) throws Exception {
        DiskCache cache = DiskCache.open(Path.of(args[0]), Codec.FORY.create(ALLOW), ALLOW, false);
        if (args[1].equals("write")) {
            cache.write(key(), value(), Duration.ZERO, false);
            System.out.println("WRITTEN");
            return;
        }
        double[] read = (double[]) cache.read(key()).value();
        boolean same = read.length == LENGTH;
        for (int i = 0; same && i < read.length; i++) {
            same = read[i] == i * 0.5;
        }
        System.out.println(same ? "READ " + read.length : "WRONG");
    }

    @Test
    void aHundredMebibyteResultIsReadWithAHeapOfOneAndAHalfTimesItsSize(@TempDir Path root) throws Exception {
        Path function = root.resolve("f");
        DiskCache.open(function, Codec.FORY.create(ALLOW), ALLOW, false).write(key(), value(), Duration.ZERO, false);
        assertThat(inChild(root, function, "read")).isEqualTo("READ " + LENGTH);
    }

    /** It is encoded straight into the mapped entry file: the heap holds the value, not a second copy. */
    @Test
    void aHundredMebibyteResultIsStoredWithAHeapOfOneAndAHalfTimesItsSize(@TempDir Path root) throws Exception {
        Path function = root.resolve("f");
        assertThat(inChild(root, function, "write")).isEqualTo("WRITTEN");
        DiskCache cache = DiskCache.open(function, Codec.FORY.create(ALLOW), ALLOW, false);
        assertThat((double[]) cache.read(key()).value()).isEqualTo(value());
        assertThat(CacheInventory.verify(function)).isEmpty();
    }

    private static String inChild(Path root, Path function, String what) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx150m",
                "-cp", System.getProperty("java.class.path"), BigEntryTest.class.getName(), function.toString(), what)
                .redirectError(root.resolve("child.err").toFile()).start();
        assertThat(child.waitFor(100, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return out.strip() + java.nio.file.Files.readString(root.resolve("child.err"));
    }
}
