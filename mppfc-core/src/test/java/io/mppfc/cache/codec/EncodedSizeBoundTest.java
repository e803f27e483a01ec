package io.mppfc.cache.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cheap bound that lets a large result be encoded straight into its mapped entry file. */
class EncodedSizeBoundTest {

    /** What a simulation returns: two series. */
    record Series(double[] time, double[] signal) {
    }

    @Test
    void aBoundIsKnownForArraysStringsAndNumbersInRecordsAndCollectionsAndForNothingElse() {
        // at least the bytes the values hold, and a little more for Fory's headers and class names
        assertThat(EncodedSizeBound.of(new Series(new double[1000], new double[10]))).isBetween(8080L, 8080L + 70_000);
        assertThat(EncodedSizeBound.of(java.util.List.of("abc", 1.5, new byte[100]))).isBetween(109L, 109L + 70_000);
        assertThat(EncodedSizeBound.of(new java.util.ArrayList<>(java.util.Collections.nCopies(100, 1.0))))
                .as("too many objects to look at on every miss").isEqualTo(EncodedSizeBound.UNKNOWN);
        assertThat(EncodedSizeBound.of(new java.util.BitSet())).as("a class with fields of its own")
                .isEqualTo(EncodedSizeBound.UNKNOWN);
        assertThat(EncodedSizeBound.of(java.math.BigInteger.TEN.pow(100_000))).as("a number of any size")
                .isEqualTo(EncodedSizeBound.UNKNOWN);
    }
}
