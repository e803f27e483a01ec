package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.CodecException;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
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
    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES.plus(
            new ClassAllowList(java.util.Set.of(Series.class.getName()), java.util.Set.of()));

    /** What a simulation returns: two 50 MiB series. */
    public record Series(double[] time, double[] signal) {
    }

    static Series series() {
        double[] half = new double[LENGTH / 2];
        for (int i = 0; i < half.length; i++) {
            half[i] = i * 0.5;
        }
        return new Series(half, half.clone());
    }

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
        DiskCache cache = DiskCache.open(Path.of(args[0]), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        if (args[1].equals("write")) {
            cache.write(key(), value(), Duration.ZERO, false);
            System.out.println("WRITTEN");
            return;
        }
        if (args[1].equals("write-many")) {
            java.util.List<double[]> many = new java.util.ArrayList<>();
            for (int i = 0; i < 800; i++) {
                many.add(new double[LENGTH / 1024]); // 80 MiB in 800 arrays: too many to bound, encoded on the heap
            }
            try {
                cache.write(key(), many, Duration.ZERO, false);
                System.out.println("WRITTEN");
            } catch (CodecException e) {
                System.out.println(e.getMessage());
            }
            System.out.println(cache.read(key()) == null ? "NOTHING STORED" : "STORED");
            return;
        }
        if (args[1].equals("write-record")) {
            cache.write(key(), series(), Duration.ZERO, false);
            System.out.println("WRITTEN");
            return;
        }
        if (args[1].equals("write-two")) {
            cache.write(key(), value(), Duration.ZERO, false);
            cache.write(otherKey(), value(), Duration.ZERO, false);
            System.out.println("WRITTEN");
            return;
        }
        if (args[1].equals("read-ten-times")) {
            int good = 0;
            for (int i = 0; i < 10; i++) {
                good += isValue((double[]) cache.read(key()).value()) ? 1 : 0;
            }
            System.out.println("READ " + good + " of 10");
            return;
        }
        if (args[1].equals("read-compressed")) {
            try {
                cache.read(key());
                System.out.println("READ");
            } catch (EntryTooLargeException e) {
                System.out.println("TOO LARGE, " + (cache.contains(key()) ? "KEPT" : "MOVED ASIDE"));
            }
            return;
        }
        if (args[1].equals("hold-two")) {
            double[] first = (double[]) cache.read(key()).value();
            double[] second = (double[]) cache.read(otherKey()).value();
            System.out.println(isValue(first) && isValue(second) && first != second ? "HELD TWO" : "WRONG");
            return;
        }
        double[] read = (double[]) cache.read(key()).value();
        System.out.println(isValue(read) ? "READ " + read.length : "WRONG");
    }

    static CacheKey otherKey() {
        return CacheKey.of(io.mppfc.footprint.Footprint.sha256("big too"));
    }

    static boolean isValue(double[] read) {
        boolean same = read.length == LENGTH;
        for (int i = 0; same && i < read.length; i++) {
            same = read[i] == i * 0.5;
        }
        return same;
    }

    @Test
    void aHundredMebibyteResultIsReadWithAHeapOfOneAndAHalfTimesItsSize(@TempDir Path root) throws Exception {
        Path function = root.resolve("f");
        DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).write(key(), value(), Duration.ZERO, false);
        Child child = inChild(root, function, "read");
        assertThat(child.out()).as(child.err()).isEqualTo("READ " + LENGTH);
    }

    /** The garbage of the reads before counts as used until collected: no read that fits the heap is refused for it. */
    @Test
    void aHundredMebibyteResultIsReadTenTimesInALoopWithAHeapOfOneAndAHalfTimesItsSize(@TempDir Path root)
            throws Exception {
        Path function = root.resolve("f");
        DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).write(key(), value(), Duration.ZERO, false);
        Child child = inChild(root, function, "read-ten-times");
        assertThat(child.out()).as(child.err()).isEqualTo("READ 10 of 10");
    }

    @Test
    void twoHundredMebibyteResultsAreHeldAtOnceWithAHeapOfTwoAndAHalfTimesOne(@TempDir Path root) throws Exception {
        Path function = root.resolve("f");
        assertThat(inChild(root, function, "write-two", "-Xmx260m").out()).isEqualTo("WRITTEN");
        Child child = inChild(root, function, "hold-two", "-Xmx260m");
        assertThat(child.out()).as(child.err()).isEqualTo("HELD TWO");
    }

    /** A valid compressed entry too large for this heap is not damage: it stays for a JVM with more heap. */
    @Test
    void aCompressedResultLargerThanTheHeapIsRefusedAndKept(@TempDir Path root) throws Exception {
        Path function = root.resolve("f");
        DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).compressing(1)
                .write(key(), new double[LENGTH], Duration.ZERO, false);
        Child child = inChild(root, function, "read-compressed", "-Xmx64m");
        assertThat(child.out()).as(child.err()).isEqualTo("TOO LARGE, KEPT");
    }

    /** It is encoded straight into the mapped entry file: the heap holds the value, not a second copy. */
    @Test
    void aHundredMebibyteResultIsStoredWithAHeapOfOneAndAHalfTimesItsSize(@TempDir Path root) throws Exception {
        Path function = root.resolve("f");
        Child child = inChild(root, function, "write");
        assertThat(child.out()).as(child.err()).isEqualTo("WRITTEN");
        DiskCache cache = DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        assertThat((double[]) cache.read(key()).value()).isEqualTo(value());
        assertThat(CacheInventory.verify(function)).isEmpty();
    }

    /** A record of arrays has a bound on its encoding, so it is encoded into the mapped file too. */
    @Test
    void aRecordOfTwoFiftyMebibyteArraysIsStoredWithAHeapOfOneAndAHalfTimesItsSize(@TempDir Path root)
            throws Exception {
        Path function = root.resolve("f");
        Child child = inChild(root, function, "write-record");
        assertThat(child.out()).as(child.err()).isEqualTo("WRITTEN");
        Series read = (Series) DiskCache.open(function, Codecs.create(Codec.FORY, ALLOW), ALLOW, false).read(key()).value();
        Series written = series();
        assertThat(java.util.Arrays.equals(read.time(), written.time())
                && java.util.Arrays.equals(read.signal(), written.signal())).as("the same series").isTrue();
    }

    /** Encoded on the heap, a value that does not fit twice is refused saying why, and the JVM goes on. */
    @Test
    void aResultTheHeapCannotHoldTwiceIsRefusedSayingWhatToDo(@TempDir Path root) throws Exception {
        Child child = inChild(root, root.resolve("f"), "write-many");
        assertThat(child.out()).as(child.err()).isEqualTo("the heap ran out while encoding the"
                + " result (java.util.ArrayList), which needs the value and its encoding in memory: give the JVM more"
                + " (-Xmx), or return the result in parts\nNOTHING STORED");
    }

    /** What a child JVM printed: its output, and its error stream (where a JDK may warn) for the assertion's description. */
    private record Child(String out, String err) {
    }

    private static Child inChild(Path root, Path function, String what) throws Exception {
        return inChild(root, function, what, "-Xmx150m");
    }

    private static Child inChild(Path root, Path function, String what, String heap) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), heap,
                "-cp", System.getProperty("java.class.path"), BigEntryTest.class.getName(), function.toString(), what)
                .redirectError(root.resolve("child.err").toFile()).start();
        assertThat(child.waitFor(100, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Child(out.strip(), java.nio.file.Files.readString(root.resolve("child.err")));
    }
}
