package io.mppfc.protocol;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Big-endian payload fields: fixed-width numbers, length-prefixed bytes and UTF-8 strings. */
final class Payload {

    private Payload() {
    }

    /**
     * Builds a payload. Plain array stores, no lambdas: a coordinator encodes its first hello on
     * the way to its first worker's exec, where each lambda's first use spun a class (eight, the
     * first JVM's classes of mppfc being read from its jar, not from class data).
     */
    static final class Out {
        private byte[] bytes = new byte[64];
        private int size;

        Out putByte(int v) {
            room(1)[size++] = (byte) v;
            return this;
        }

        Out putBoolean(boolean v) {
            return putByte(v ? 1 : 0);
        }

        Out putInt(int v) {
            byte[] b = room(Integer.BYTES);
            for (int shift = 24; shift >= 0; shift -= 8) {
                b[size++] = (byte) (v >>> shift);
            }
            return this;
        }

        Out putLong(long v) {
            byte[] b = room(Long.BYTES);
            for (int shift = 56; shift >= 0; shift -= 8) {
                b[size++] = (byte) (v >>> shift);
            }
            return this;
        }

        Out putBytes(byte[] v) {
            putInt(v.length);
            System.arraycopy(v, 0, room(v.length), size, v.length);
            size += v.length;
            return this;
        }

        /** A nullable string: a presence flag, then the UTF-8 bytes. */
        Out putString(String v) {
            putBoolean(v != null);
            return v == null ? this : putBytes(v.getBytes(StandardCharsets.UTF_8));
        }

        Out putStrings(List<String> v) {
            putInt(v.size());
            for (String s : v) {
                putString(s);
            }
            return this;
        }

        Out putByteArrays(List<byte[]> v) {
            putInt(v.size());
            for (byte[] b : v) {
                putBytes(b);
            }
            return this;
        }

        /** The buffer, with room for {@code n} more bytes. */
        private byte[] room(int n) {
            if (bytes.length - size < n) {
                long wanted = Math.max((long) size + n, 2L * bytes.length);
                if (wanted > Integer.MAX_VALUE - 8) {
                    if ((long) size + n > Integer.MAX_VALUE - 8) {
                        throw new OutOfMemoryError("a payload over 2 GiB");
                    }
                    wanted = Integer.MAX_VALUE - 8;
                }
                bytes = Arrays.copyOf(bytes, (int) wanted);
            }
            return bytes;
        }

        byte[] toByteArray() {
            return Arrays.copyOf(bytes, size);
        }
    }

    /** Reads a payload; every length is checked against what is left. */
    static final class In {
        private final ByteBuffer buffer;
        private final FrameType type;

        In(FrameType type, byte[] payload) {
            this.type = type;
            this.buffer = ByteBuffer.wrap(payload);
        }

        private ProtocolException malformed(String what) {
            return new ProtocolException("malformed " + type + " frame: " + what);
        }

        byte getByte() throws ProtocolException {
            try {
                return buffer.get();
            } catch (BufferUnderflowException e) {
                throw malformed("ends early");
            }
        }

        boolean getBoolean() throws ProtocolException {
            byte b = getByte();
            if (b != 0 && b != 1) {
                throw malformed("boolean byte " + b);
            }
            return b == 1;
        }

        int getInt() throws ProtocolException {
            try {
                return buffer.getInt();
            } catch (BufferUnderflowException e) {
                throw malformed("ends early");
            }
        }

        long getLong() throws ProtocolException {
            try {
                return buffer.getLong();
            } catch (BufferUnderflowException e) {
                throw malformed("ends early");
            }
        }

        byte[] getBytes() throws ProtocolException {
            int length = getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw malformed("length " + length + " exceeds the " + buffer.remaining() + " bytes left");
            }
            byte[] v = new byte[length];
            buffer.get(v);
            return v;
        }

        String getString() throws ProtocolException {
            return getBoolean() ? new String(getBytes(), StandardCharsets.UTF_8) : null;
        }

        List<String> getStrings() throws ProtocolException {
            int count = getCount(1);
            List<String> v = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                v.add(getString());
            }
            return v;
        }

        /** A count of items that take at least {@code bytesEach} each, checked against the bytes left. */
        int getCount(int bytesEach) throws ProtocolException {
            int count = getInt();
            if (count < 0 || count > buffer.remaining() / bytesEach) {
                throw malformed("count " + count + " exceeds the bytes left");
            }
            return count;
        }

        List<byte[]> getByteArrays() throws ProtocolException {
            int count = getCount(4);
            List<byte[]> v = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                v.add(getBytes());
            }
            return v;
        }

        void end() throws ProtocolException {
            if (buffer.hasRemaining()) {
                throw malformed(buffer.remaining() + " unexpected trailing bytes");
            }
        }
    }
}
