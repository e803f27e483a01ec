package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.pack.PackGrace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several processes on one cache at once: two readers, a writer (new keys, and overwrites of
 * existing ones with their same value), a packer and a collector. Every key written before they
 * start must be found by every read, with its value: no false miss and no wrong value while
 * packs are made and replaced.
 */
@Timeout(240)
class PackChurnTest {

    private static final Pattern COUNTS = Pattern.compile("(\\w+) done=(\\d+) wrong=(\\d+) falseMisses=(\\d+) busy=(\\d+)");

    /** Without a grace period (a local file system) and with one (what a network file system gets). */
    @ParameterizedTest
    @ValueSource(strings = {"PT0S", "PT1S"})
    void readersSeeNoFalseMissAndNoWrongValueWhileOthersWritePackAndCollect(String grace, @TempDir Path dir)
            throws Exception {
        Path root = dir.resolve("cache");
        int n = 500;
        PackChurn.main(new String[] {"seed", root.toString(), Integer.toString(n), "0"});
        List<Process> processes = new ArrayList<>();
        for (String role : List.of("reader", "reader", "writer", "packer", "collector")) {
            processes.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-D" + PackGrace.PROPERTY + "=" + grace, "-cp",
                    System.getProperty("java.class.path"), PackChurn.class.getName(), role, root.toString(),
                    Integer.toString(n), "6").redirectError(dir.resolve(role + processes.size() + ".err").toFile()).start());
        }
        long reads = 0;
        long packs = 0;
        for (Process p : processes) {
            assertThat(p.waitFor(100, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(out).isZero();
            Matcher m = COUNTS.matcher(out);
            assertThat(m.find()).as(out).isTrue();
            assertThat(Long.parseLong(m.group(3))).as("wrong values seen by a " + m.group(1)).isZero();
            assertThat(Long.parseLong(m.group(4))).as("false misses seen by a " + m.group(1)).isZero();
            reads += m.group(1).equals("reader") ? Long.parseLong(m.group(2)) : 0;
            packs += m.group(1).equals("packer") ? Long.parseLong(m.group(2)) : 0;
        }
        assertThat(reads).as("reads").isGreaterThan(1000);
        assertThat(packs).as("packs made").isGreaterThanOrEqualTo(PackChurn.PACKS);
        Path function = root.resolve("f");
        assertThat(CacheInventory.verify(function)).isEmpty();
        DiskCache after = DiskCache.open(function, Codecs.create(Codec.FORY, PackChurn.ALLOW), PackChurn.ALLOW, false);
        for (int i = 0; i < n; i++) {
            assertThat(after.read(PackChurn.key(i)).value()).isEqualTo(PackChurn.value(i));
        }
    }
}
