package io.mppfc.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NoncesTest {

    @Test
    void hexGivesTwoLowerCaseDigitsPerByteAndNeverTheSameTwice() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String nonce = Nonces.hex(8);
            assertThat(nonce).matches("[0-9a-f]{16}");
            seen.add(nonce);
        }
        assertThat(seen).hasSize(10_000);
        assertThat(Nonces.hex(12)).matches("[0-9a-f]{24}");
    }

    @Test
    void everyByteValueComesUpInEveryPosition() {
        // a stuck or constant source (a regular file at the device's name) would fail this
        boolean[][] seen = new boolean[8][256];
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[8];
            Nonces.fill(bytes);
            for (int at = 0; at < 8; at++) {
                seen[at][bytes[at] & 0xff] = true;
            }
        }
        for (boolean[] position : seen) {
            for (boolean value : position) {
                assertThat(value).isTrue();
            }
        }
    }

    @Test
    void aThreadAskingWhileInterruptedGetsANonceAndLeavesTheSourceWorkingForOthers() throws Exception {
        AtomicReference<String> asked = new AtomicReference<>();
        AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            Thread.currentThread().interrupt();
            asked.set(Nonces.hex(8));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        }, "interrupted-asker");
        thread.start();
        thread.join(60_000);
        assertThat(asked.get()).matches("[0-9a-f]{16}");
        assertThat(stillInterrupted.get()).as("its interrupt is left to it").isTrue();
        assertThat(Nonces.hex(8)).matches("[0-9a-f]{16}").isNotEqualTo(asked.get());
    }
}
