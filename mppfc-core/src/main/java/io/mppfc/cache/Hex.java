package io.mppfc.cache;

import java.nio.charset.StandardCharsets;

/**
 * Lower-case hex digits of bytes. JDK 17's {@code HexFormat.formatHex} appends to a
 * StringBuilder digit by digit: naming a key's entry file that way was 7% of the coordinator's
 * CPU on a run of trivial tasks, two names per task.
 */
final class Hex {

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private Hex() {
    }

    static String of(byte[] bytes) {
        byte[] digits = new byte[2 * bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            digits[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            digits[2 * i + 1] = DIGITS[bytes[i] & 0xf];
        }
        return new String(digits, StandardCharsets.ISO_8859_1); // Latin-1: a compact string, copied once
    }
}
