package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.PackChurn.Role;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Several {@link PackChurn} processes, each a real JVM, on one seeded cache: what {@code
 * PackChurnTest} and {@code BatchChurnTest} start, wait for and check. Each process's stderr is
 * kept beside the cache, as {@code <role><n>.err}.
 */
final class Churn {

    private static final Pattern COUNTS = Pattern.compile("(\\w+) done=(\\d+) wrong=(\\d+) falseMisses=(\\d+) busy=(\\d+)");

    private final Path dir;
    private final Path root;
    private final int n;
    private final List<String> jvmOptions;
    private final List<Process> started = new ArrayList<>();

    private Churn(Path dir, int n, List<String> jvmOptions) {
        this.dir = dir;
        this.root = dir.resolve("cache");
        this.n = n;
        this.jvmOptions = jvmOptions;
    }

    /** A cache in {@code dir} holding keys 0..n-1, whose processes start with {@code jvmOptions}. */
    static Churn seeded(Path dir, int n, String... jvmOptions) throws Exception {
        Churn churn = new Churn(dir, n, List.of(jvmOptions));
        PackChurn.main(new String[] {Role.SEED.word(), churn.root.toString(), Integer.toString(n), "0"});
        return churn;
    }

    /** The function's directory. */
    Path function() {
        return root.resolve("f");
    }

    /** How many batches the batcher has published so far. */
    long publishedBatches() throws IOException {
        return PackChurn.publishedBatches(root);
    }

    /** Starts the processes of these roles at once, running at least 6 seconds. */
    void start(Role... roles) throws IOException {
        long readers = java.util.Arrays.stream(roles).filter(Role::reads).count();
        for (Role role : roles) {
            start(role, readers);
        }
    }

    /** Starts one process of {@code role}, with nothing that reads beside it. */
    Process startAlone(Role role) throws IOException {
        return start(role, 0);
    }

    private Process start(Role role, long readers) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PackChurn.class.getName(), role.word(),
                root.toString(), Integer.toString(n), "6", Long.toString(readers)));
        Process process = new ProcessBuilder(command).redirectError(dir.resolve(role.word() + started.size() + ".err")
                .toFile()).start();
        started.add(process);
        return process;
    }

    /**
     * Waits for every process started to end, each within {@code seconds}, and checks that each
     * exited normally and saw no wrong value and no false miss.
     *
     * @return what the processes of each role counted, summed
     */
    Map<Role, Long> finish(long seconds) throws Exception {
        Map<Role, Long> done = new EnumMap<>(Role.class);
        for (Process p : started) {
            assertThat(p.waitFor(seconds, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            Matcher m = COUNTS.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Long.parseLong(m.group(3))).as("wrong values seen by a " + m.group(1)).isZero();
            assertThat(Long.parseLong(m.group(4))).as("false misses seen by a " + m.group(1)).isZero();
            done.merge(Role.of(m.group(1)), Long.parseLong(m.group(2)), Long::sum);
        }
        return done;
    }

    /** Checks that verify finds nothing wrong in the function's directory. */
    void assertVerifies() throws IOException {
        assertThat(CacheInventory.verify(function())).isEmpty();
    }

    /** Checks that a cache opened afresh reads keys {@code from} to {@code to} (exclusive) with their values. */
    void assertReadsBack(int from, int to) throws Exception {
        DiskCache after = DiskCache.open(function(), Codecs.create(Codec.FORY, PackChurn.ALLOW), PackChurn.ALLOW, false);
        for (int i = from; i < to; i++) {
            assertThat(after.read(PackChurn.key(i)).value()).as("entry %d", i).isEqualTo(PackChurn.value(i));
        }
    }
}
