package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Codec;
import io.mppfc.cache.codec.ClassAllowList;
import io.mppfc.cache.codec.Codecs;
import io.mppfc.cache.pack.PackSet;
import io.mppfc.footprint.Footprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A pack names its function only when an entry is read from it: still, each record answers its own function alone. */
class PackedFunctionIdTest {

    private static final ClassAllowList ALLOW = ClassAllowList.JDK_VALUES;

    @TempDir
    Path root;

    private DiskCache open(String function) throws IOException {
        return DiskCache.open(root.resolve(function), Codecs.create(Codec.FORY, ALLOW), ALLOW, false);
    }

    @Test
    void aBatchPackCopiedIntoAnotherFunctionsPacksHoldsNoHitThere() throws Exception {
        DiskCache f = open("f");
        EntryBatch batch = f.batch();
        batch.add(CacheKey.of(Footprint.sha256(1)), 1.0, Duration.ZERO, new byte[0]);
        batch.add(CacheKey.of(Footprint.sha256(2)), 2.0, Duration.ZERO, new byte[0]);
        batch.publish();
        Path pack = PackSet.list(root.resolve("f").resolve(PackSet.DIRECTORY)).get(0);
        Path elsewhere = Files.createDirectories(root.resolve("g").resolve(PackSet.DIRECTORY));
        Files.copy(pack, elsewhere.resolve(pack.getFileName()));

        DiskCache g = open("g");

        assertThat(g.read(CacheKey.of(Footprint.sha256(1)))).isNull();
        assertThat(open("f").read(CacheKey.of(Footprint.sha256(1))).value()).isEqualTo(1.0);
    }
}
