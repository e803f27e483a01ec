package io.mppfc.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Codec;
import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs with the --add-opens flags of Codec.FST_JVM_OPTIONS (see this module's surefire argLine). */
class FstCodecTest {

    record Point(double x, double y) {
    }

    static final class Gadget implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        String command = "rm -rf";
    }

    private final ValueCodec fst = Codecs.create(Codec.FST, ClassAllowList.JDK_VALUES);

    @Test
    void collectionsRoundTrip() throws Exception {
        Map<String, Object> value = new HashMap<>(Map.of("a", List.of(1, 2.5), "b", "text"));
        assertThat(fst.decode(fst.encode(value))).isEqualTo(value);
    }

    @Test
    void classesOutsideTheAllowListAreRefusedWhenRead() throws Exception {
        ValueCodec permissive = Codecs.create(Codec.FST, ClassAllowList.JDK_VALUES.plus(
                new ClassAllowList(java.util.Set.of(Gadget.class.getName()), java.util.Set.of())));
        byte[] bytes = permissive.encode(new Gadget());
        assertThatThrownBy(() -> fst.decode(bytes)).isInstanceOf(CodecException.class);
    }

    @Test
    void recordsAreRefusedWithAHintToUseFory() {
        ValueCodec withPoint = Codecs.create(Codec.FST, ClassAllowList.JDK_VALUES.plus(
                new ClassAllowList(java.util.Set.of(Point.class.getName()), java.util.Set.of())));
        assertThatThrownBy(() -> withPoint.decode(withPoint.encode(new Point(1, 2))))
                .isInstanceOf(CodecException.class);
    }

    @Test
    void anFstEntryIsReadByACacheConfiguredForFory(@TempDir Path root) throws Exception {
        CacheKey key = CacheKey.of(io.mppfc.footprint.Footprint.sha256("k"));
        DiskCache.open(root, fst, ClassAllowList.JDK_VALUES, false).write(key, List.of("from", "fst"), Duration.ZERO, true);
        DiskCache fory = DiskCache.open(root, Codecs.create(Codec.FORY, ClassAllowList.JDK_VALUES), ClassAllowList.JDK_VALUES, false);
        assertThat(fory.read(key).value()).isEqualTo(List.of("from", "fst"));
    }
}
