package io.mppfc.footprint;

import io.mppfc.FootprintException;
import java.util.Arrays;

/** A growable big-endian byte buffer; not thread-safe, one per footprint in progress. */
final class ByteSink {

    private byte[] bytes;
    private int size;

    ByteSink(int capacity) {
        bytes = new byte[capacity];
    }

    private void ensure(int extra) {
        int needed = size + extra;
        if (needed < 0) {
            throw new FootprintException("footprint larger than 2 GiB: arguments this large cannot be keyed");
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }

    void put(byte b) {
        ensure(1);
        bytes[size++] = b;
    }

    void putShort(int v) {
        ensure(2);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putInt(int v) {
        ensure(4);
        bytes[size++] = (byte) (v >>> 24);
        bytes[size++] = (byte) (v >>> 16);
        bytes[size++] = (byte) (v >>> 8);
        bytes[size++] = (byte) v;
    }

    void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }

    void putBytes(byte[] b) {
        putBytes(b, 0, b.length);
    }

    void putBytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, bytes, size, length);
        size += length;
    }

    /** A length-prefixed string in UTF-8 ({@link StringBytes}: lone surrogates kept), the encoding of every name in the format. */
    void putString(String s) {
        byte[] utf8 = StringBytes.of(s);
        putInt(utf8.length);
        putBytes(utf8);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }
}
