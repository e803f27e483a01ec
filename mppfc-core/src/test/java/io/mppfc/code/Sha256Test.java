package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Code versions are SHA-256: the fingerprint's own implementation must be the JDK's, bit for bit. */
class Sha256Test {

    @Test
    void theStandardsExamplesHashToTheirPublishedDigests() {
        assertThat(hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))
                .isEqualTo("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }

    @Test
    void everyLengthAndEverySplitOfTheInputHashesAsTheJdksDoes() throws Exception {
        Random random = new Random(28);
        for (int length = 0; length < 700; length++) {
            byte[] input = new byte[length];
            random.nextBytes(input);
            Sha256 mine = new Sha256();
            MessageDigest jdk = MessageDigest.getInstance("SHA-256");
            for (int at = 0; at < length; ) {
                int n = Math.min(length - at, random.nextInt(150));
                mine.update(input, at, n);
                jdk.update(input, at, n);
                at += n;
            }
            assertThat(mine.digest()).as("length %d", length).isEqualTo(jdk.digest());
        }
    }

    private static String hex(String text) {
        Sha256 sha = new Sha256();
        sha.update(text.getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha.digest());
    }
}
