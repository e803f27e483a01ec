package io.mppfc.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Big-endian payload fields: fixed-width numbers, length-prefixed bytes and UTF-8 strings. */
final class Payload {

    private Payload() {
    }

    /** Builds a payload. */
    static final class Out {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        private final DataOutputStream data = new DataOutputStream(bytes);

        Out putByte(int v) {
            return run(() -> data.writeByte(v));
        }

        Out putBoolean(boolean v) {
            return run(() -> data.writeBoolean(v));
        }

        Out putInt(int v) {
            return run(() -> data.writeInt(v));
        }

        Out putLong(long v) {
            return run(() -> data.writeLong(v));
        }

        Out putBytes(byte[] v) {
            return run(() -> {
                data.writeInt(v.length);
                data.write(v);
            });
        }

        /** A nullable string: a presence flag, then the UTF-8 bytes. */
        Out putString(String v) {
            putBoolean(v != null);
            return v == null ? this : putBytes(v.getBytes(StandardCharsets.UTF_8));
        }

        Out putStrings(List<String> v) {
            putInt(v.size());
            v.forEach(this::putString);
            return this;
        }

        Out putByteArrays(List<byte[]> v) {
            putInt(v.size());
            v.forEach(this::putBytes);
            return this;
        }

        private interface Write {
            void run() throws IOException;
        }

        private Out run(Write w) {
            try {
                w.run();
            } catch (IOException e) {
                throw new UncheckedIOException("writing to memory failed", e);
            }
            return this;
        }

        byte[] toByteArray() {
            return bytes.toByteArray();
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
