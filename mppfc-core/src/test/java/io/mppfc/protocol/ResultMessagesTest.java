package io.mppfc.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResultMessagesTest {

    @Test
    void aResultAndAChunkRoundTrip() throws ProtocolException {
        byte[] key = new byte[32];
        key[3] = 9;
        ResultMessages.Result result = ResultMessages.Result.decode(new ResultMessages.Result(4, key, 1L << 33).encode());
        assertThat(result.id()).isEqualTo(4);
        assertThat(result.key()).isEqualTo(key);
        assertThat(result.length()).isEqualTo(1L << 33);
        ResultMessages.Chunk chunk = ResultMessages.Chunk.decode(
                new ResultMessages.Chunk(4, ByteBuffer.wrap(new byte[] {0, 1, 2, 3, 4}, 1, 3)).encode());
        assertThat(chunk.id()).isEqualTo(4);
        byte[] carried = new byte[chunk.bytes().remaining()];
        chunk.bytes().get(carried);
        assertThat(carried).containsExactly(1, 2, 3);
    }

    @Test
    void aChunksFrameIsTheFrameOfItsEncoding() {
        ResultMessages.Chunk chunk = new ResultMessages.Chunk(77, ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5}, 1, 3));
        assertThat(chunk.frame()).isEqualTo(FrameWriter.frame(FrameType.RESULT_CHUNK, chunk.encode()));
    }

    @Test
    void aFullChunkPassesTheCoordinatorsFrameBound() throws IOException {
        byte[] data = new byte[ResultMessages.CHUNK_BYTES];
        Arrays.fill(data, (byte) 0x5a);
        byte[] frame = new ResultMessages.Chunk(1, ByteBuffer.wrap(data)).frame();
        FrameReader reader = new FrameReader(new ByteArrayInputStream(frame), 1 << 20, garbage -> {
            throw new AssertionError(garbage);
        });
        Frame read = reader.read();
        assertThat(read.type()).isEqualTo(FrameType.RESULT_CHUNK);
        assertThat(ResultMessages.Chunk.decode(read.payload()).bytes().remaining()).isEqualTo(data.length);
    }

    @Test
    void aChunkWhoseLengthIsNotWhatItCarriesIsRefused() {
        byte[] encoded = new ResultMessages.Chunk(1, ByteBuffer.wrap(new byte[10])).encode();
        assertThatThrownBy(() -> ResultMessages.Chunk.decode(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("10 bytes announced, 9 carried");
        assertThatThrownBy(() -> ResultMessages.Chunk.decode(Arrays.copyOf(encoded, encoded.length + 1)))
                .isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> ResultMessages.Chunk.decode(new byte[11])).hasMessageContaining("ends early");
    }

    @Test
    void aResultWithAShortKeyOrANegativeLengthIsRefused() {
        assertThatThrownBy(() -> ResultMessages.Result.decode(new ResultMessages.Result(1, new byte[31], 5).encode()))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> ResultMessages.Result.decode(new ResultMessages.Result(1, new byte[32], -1).encode()))
                .isInstanceOf(ProtocolException.class);
    }
}
