package io.mppfc.footprint;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Strings as bytes without loss: UTF-8, except that a surrogate without its partner (which a
 * Java string may hold) is written as the three bytes of its code unit (WTF-8). Plain UTF-8
 * writes each as {@code ?}, so {@code f("\uD800")} and {@code f("?")} shared a key and one
 * got the other's value. A string of valid UTF-16 has its usual UTF-8 bytes, so no key of such
 * a string changed.
 */
final class StringBytes {

    private StringBytes() {
    }

    static byte[] of(String s) {
        if (!hasLoneSurrogate(s)) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        byte[] out = new byte[s.length() * 3];
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int c = s.codePointAt(i); // a lone surrogate comes back as its own code unit
            if (c >= Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                i++;
                out[n++] = (byte) (0xF0 | c >> 18);
                out[n++] = (byte) (0x80 | c >> 12 & 0x3F);
            } else if (c >= 0x800) {
                out[n++] = (byte) (0xE0 | c >> 12);
            } else if (c >= 0x80) {
                out[n++] = (byte) (0xC0 | c >> 6);
                out[n++] = (byte) (0x80 | c & 0x3F);
                continue;
            } else {
                out[n++] = (byte) c;
                continue;
            }
            out[n++] = (byte) (0x80 | c >> 6 & 0x3F);
            out[n++] = (byte) (0x80 | c & 0x3F);
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * The string of {@link #of} bytes; null if they are not its output for any string (invalid
     * UTF-8, or a surrogate pair written as two surrogates), so each string has one encoding.
     */
    static String read(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            String s = withSurrogates(bytes);
            return s != null && Arrays.equals(of(s), bytes) ? s : null;
        }
    }

    /** Decodes sequences of one to four bytes by their lead byte; null at a byte that fits none. */
    private static String withSurrogates(byte[] bytes) {
        StringBuilder s = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int lead = bytes[i] & 0xFF;
            int length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
                    : lead >= 0xF0 && lead < 0xF5 ? 4 : 0;
            if (length == 0 || i + length > bytes.length) {
                return null;
            }
            int c = length == 1 ? lead : lead & (0xFF >> (length + 1));
            for (int k = 1; k < length; k++) {
                int next = bytes[i + k] & 0xFF;
                if ((next & 0xC0) != 0x80) {
                    return null;
                }
                c = c << 6 | next & 0x3F;
            }
            if (c > Character.MAX_CODE_POINT) {
                return null;
            }
            s.appendCodePoint(c); // overlong forms decode too: the re-encoding refuses them
            i += length;
        }
        return s.toString();
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (loneSurrogateAt(s, i)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the char at {@code i} is a surrogate that is not half of a pair (UTF-8 has no bytes for it). */
    static boolean loneSurrogateAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
