package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.FunctionClearing;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the absent flag that a worker trusts: a flag forged (set for a key that is stored,
 * with another value), and the function cleared between the lookup and the publication.
 */
class AbsentKeyForgedAndClearedTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;
    private static final CacheKey KEY = CacheKey.of(Footprint.sha256(7));

    @TempDir
    Path root;

    private Path function() {
        return root.resolve("f");
    }

    private DiskCache open() throws IOException {
        return DiskCache.open(function(), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    private static void publishAbsent(DiskCache writer, CacheKey key, double value) throws Exception {
        EntryBatch batch = writer.batch();
        assertThat(batch.add(key, value, Duration.ofMillis(1), new byte[0], true)).isTrue();
        batch.publish();
    }

    @Test
    void aForgedAbsentFlagLeavesAnExplicitLooseValueTheOneServed() throws Exception {
        open().write(KEY, -1.0, Duration.ZERO, true); // setResult(..., true)

        publishAbsent(open(), KEY, 49.0);

        assertThat(open().read(KEY).value()).isEqualTo(-1.0);
        assertThat(CacheInventory.verify(function())).isEmpty();
    }

    @Test
    void aForgedAbsentFlagLeavesAnExplicitValuePackedByPackTheOneServed() throws Exception {
        open().write(KEY, -1.0, Duration.ZERO, true);
        CacheInventory.pack(root, null);

        publishAbsent(open(), KEY, 49.0);

        assertThat(open().read(KEY).value()).isEqualTo(-1.0);
        assertThat(CacheInventory.verify(function())).isEmpty();
    }

    @Test
    void aForgedAbsentFlagNeverServesTheBatchRecordForAnotherKey() throws Exception {
        CacheKey other = CacheKey.of(Footprint.sha256(8));
        open().write(KEY, -1.0, Duration.ZERO, true);

        EntryBatch batch = open().batch();
        batch.add(KEY, 49.0, Duration.ofMillis(1), new byte[0], true);
        batch.add(other, 64.0, Duration.ofMillis(1), new byte[0], true);
        batch.publish();

        assertThat(open().read(KEY).value()).isEqualTo(-1.0);
        assertThat(open().read(other).value()).isEqualTo(64.0);
    }

    @Test
    void aBatchOfAbsentKeysPublishedAfterItsFunctionWasClearedIsReadListedAndVerified() throws Exception {
        DiskCache writer = open();
        publishAbsent(writer, CacheKey.of(Footprint.sha256(1)), 1.0); // the writer has listed and published before
        EntryBatch batch = writer.batch();
        batch.add(KEY, 49.0, Duration.ofMillis(1), new byte[0], true);

        FunctionClearing.clear(function()); // mppfc clear between the lookup and the publication
        batch.publish();

        assertThat(open().read(KEY).value()).isEqualTo(49.0);
        assertThat(open().read(CacheKey.of(Footprint.sha256(1)))).as("cleared").isNull();
        assertThat(CacheInventory.functionDirectories(root)).as("ls sees it").contains(function());
        assertThat(CacheInventory.summarize(function()).packedEntries()).isEqualTo(1);
        assertThat(CacheInventory.verify(function())).isEmpty();
    }
}
