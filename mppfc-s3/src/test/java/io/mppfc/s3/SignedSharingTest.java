package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With a signing key, only objects tagged under that key, for that very object name, are read. */
class SignedSharingTest extends SharedStoreFixture {

    private static final AtomicInteger CALLS = new AtomicInteger();
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);


    static long cube(long x) {
        CALLS.incrementAndGet();
        return x * x * x;
    }

    @BeforeEach
    void resetCalls() {
        CALLS.set(0);
    }

    private MultiProcCachedFunction1<Long, Long> cached(S3Store store) throws IOException {
        return Mppfc.cache(SignedSharingTest::cube).path(newRoot()).shared(store).build();
    }

    private S3Store signed(byte[] key) {
        return server.builder("p").signingKey(key).build();
    }

    /** Computes x in a root of its own and returns the object that adds to the bucket. */
    private String uploadedBy(S3Store store, long x) throws IOException {
        Set<String> before = new HashSet<>(server.objects());
        try (var f = cached(store)) {
            f.apply(x);
        }
        Set<String> added = new HashSet<>(server.objects());
        added.removeAll(before);
        assertThat(added).hasSize(1);
        return added.iterator().next();
    }

    @Test
    void rootsWithTheSameKeyShareSignedResults() throws IOException {
        try (S3Store store = signed(KEY)) {
            uploadedBy(store, 2);
            try (var f = cached(store)) {
                assertThat(f.apply(2L)).isEqualTo(8);
            }
            assertThat(CALLS).hasValue(1);
        }
    }

    @Test
    void anUnsignedObjectIsAMiss() throws IOException {
        try (S3Store unsigned = server.store("p"); S3Store store = signed(KEY)) {
            uploadedBy(unsigned, 2);
            try (var f = cached(store)) {
                assertThat(f.apply(2L)).isEqualTo(8);
            }
            assertThat(CALLS).hasValue(2);
            assertThat(log.text()).contains("has no valid signature");
        }
    }

    @Test
    void anObjectSignedWithAnotherKeyIsAMiss() throws IOException {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        try (S3Store theirs = signed(other); S3Store store = signed(KEY)) {
            uploadedBy(theirs, 2);
            try (var f = cached(store)) {
                assertThat(f.apply(2L)).isEqualTo(8);
            }
            assertThat(CALLS).hasValue(2);
        }
    }

    @Test
    void aSignedObjectMovedToAnotherKeyIsAMiss() throws IOException {
        try (S3Store store = signed(KEY)) {
            String two = uploadedBy(store, 2);
            String three = uploadedBy(store, 3);
            server.replace(three, server.bytesOf(two));

            try (var f = cached(store)) {
                assertThat(f.apply(3L)).isEqualTo(27);
            }
            assertThat(CALLS).hasValue(3);
        }
    }

    @Test
    void aSignedObjectWithOneBitFlippedIsAMiss() throws IOException {
        try (S3Store store = signed(KEY)) {
            String two = uploadedBy(store, 2);
            byte[] bytes = server.bytesOf(two);
            bytes[bytes.length - 1] ^= 1;
            server.replace(two, bytes);

            try (var f = cached(store)) {
                assertThat(f.apply(2L)).isEqualTo(8);
            }
            assertThat(CALLS).hasValue(2);
        }
    }

    @Test
    void aShortKeyIsRefusedWithWhatToUse() {
        assertThatThrownBy(() -> S3Store.builder().signingKey(Arrays.copyOf(KEY, 16)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 32 bytes");
    }

    @Test
    void theKeyIsReadFromAFile() throws IOException {
        Path file = Files.write(temp.resolve("key"), KEY);
        try (S3Store fromFile = server.builder("p").signingKeyFile(file).build(); S3Store store = signed(KEY)) {
            uploadedBy(fromFile, 4);
            try (var f = cached(store)) {
                assertThat(f.apply(4L)).isEqualTo(64);
            }
            assertThat(CALLS).hasValue(1);
        }
    }
}
