package io.mppfc.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.fory.memory.MemoryBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Results whose encoding would pass 2 GiB are refused when stored, with the limit named, and the
 * JVM goes on: without the guards, Fory's int-indexed buffer wrapped around and a list of two
 * 1.2 GB arrays crashed the JVM with SIGSEGV.
 */
@Timeout(180)
class EncodingLimitTest {

    static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    static CacheKey key(String name) {
        return CacheKey.of(io.mppfc.footprint.Footprint.sha256(name));
    }

    /** The child JVM: stores what is too large, then something small, and says what happened. */
    public static void main(String[] args) throws Exception {
        DiskCache cache = DiskCache.open(Path.of(args[0]), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
        // 1.08 GB each: the first fits, the second would end past 2 GiB
        store(cache, "two arrays", List.of(new double[135_000_000], new double[135_000_000]));
        store(cache, "small", List.of(1.0, 2.0, 3.0));
        System.out.println(cache.read(key("two arrays")) == null ? "NOTHING STORED" : "STORED");
        System.out.println("READ " + ((List<?>) cache.read(key("small")).value()).size());
    }

    private static void store(DiskCache cache, String name, Object value) throws Exception {
        try {
            cache.write(key(name), value, Duration.ZERO, false);
            System.out.println(name + ": stored");
        } catch (CodecException e) {
            System.out.println(name + ": " + e.getMessage());
        }
    }

    @Test
    void anEncodingPastTwoGibibytesIsRefusedWithTheLimitAndTheJvmGoesOn(@TempDir Path root) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx6g",
                "-XX:+UseSerialGC", "-XX:+UseTransparentHugePages", "-cp", System.getProperty("java.class.path"), EncodingLimitTest.class.getName(),
                root.resolve("f").toString()).redirectError(root.resolve("child.err").toFile()).start();
        assertThat(child.waitFor(150, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out.lines()).as(out + Files.readString(root.resolve("child.err"))).containsExactly(
                "two arrays: the result (java.util.ImmutableCollections.List12) is larger than a cache entry can hold"
                        + " (2 GiB encoded): return it in parts, e.g. one slice per call",
                "small: stored",
                "NOTHING STORED",
                "READ 3");
    }

    @Test
    void buffersGrowAsForyGrowsThemUpToTheLimitAndNoFurther() {
        EncodingLimit limit = new EncodingLimit(MemoryBuffer.getGlobalAllocator(), 1000);
        MemoryBuffer buffer = limit.allocate(16);
        buffer.writeInt64(42L);
        limit.grow(buffer, 300);
        assertThat(buffer.size()).isEqualTo(600);
        assertThat(buffer.readInt64()).as("what was written stays").isEqualTo(42L);
        limit.grow(buffer, 900);
        assertThat(buffer.size()).as("capped at the limit, not 1800").isEqualTo(1000);
        assertThatThrownBy(() -> limit.grow(buffer, 1001)).isInstanceOf(EncodingLimit.Exceeded.class);
        assertThatThrownBy(() -> limit.grow(buffer, Integer.MIN_VALUE + 5)).as("a wrapped-around size")
                .isInstanceOf(EncodingLimit.Exceeded.class);
    }

    @Test
    void valuesWrittenWithTheGuardReadBackAndEntriesWrittenWithoutItStillDo(@TempDir Path root) throws Exception {
        ValueCodec codec = Codecs.create(Codec.FORY, ALLOW);
        List<Object> value = List.of(new double[] {1.5, 2.5}, new int[] {7}, "text", new byte[] {1, 2});
        Object back = codec.decode(codec.encode(value));
        assertThat(back).usingRecursiveComparison().isEqualTo(value);
        byte[] unguarded = org.apache.fory.Fory.builder().withLanguage(org.apache.fory.config.Language.JAVA)
                .withRefTracking(true).withCodegen(false).requireClassRegistration(false).build().serialize(value);
        assertThat(codec.decode(unguarded)).as("an entry from before the guard").usingRecursiveComparison()
                .isEqualTo(value);
    }

    /** A 3 GiB array cannot be made in a test JVM; the refusal's words can be checked. */
    @Test
    void aResultOverTwoGibibytesIsRefusedWhenStoredSayingWhatToDo() {
        assertThat(ForyCodec.tooLarge(new double[0], 3L << 30))
                .isEqualTo("the result (double[], 3.00 GiB) is larger than a cache entry can hold (2 GiB encoded): "
                        + "return it in parts, e.g. one slice per call");
        assertThat(ForyCodec.MAX_ENCODED).isLessThan(Integer.MAX_VALUE);
    }
}
