package io.mppfc.cache.codec;

import org.apache.fory.memory.MemoryAllocator;
import org.apache.fory.memory.MemoryBuffer;
import org.apache.fory.serializer.BufferCallback;

/**
 * Keeps Fory's encoding below 2 GiB, where Fory itself would corrupt memory. Its buffers are
 * indexed by int and checked with int sums: a write whose end passes {@code Integer.MAX_VALUE}
 * wraps to a negative index, skips the growth check and copies past the end of the array (a
 * list of two 1.2 GB {@code double[]} crashed the JVM with SIGSEGV in an array copy), and a buffer
 * grown to its ceiling of {@code MAX_VALUE - 8} is written past by the next small write.
 *
 * <p>Two guards, both before a byte is written: a {@link BufferCallback} that sees each primitive
 * array (the only large single write) with the buffer's position, and a JVM-wide allocator whose
 * growth stops at {@link #MAX_ENCODED}. The allocator wraps the one Fory had, keeps its
 * allocation, and grows buffers as Fory's default does up to the limit, so other users of Fory
 * in the JVM see no change but the end of the out-of-bounds writes.
 */
final class EncodingLimit implements MemoryAllocator {

    /** The most bytes an encoding may hold; the slack covers the small writes of one step. */
    static final int MAX_ENCODED = Integer.MAX_VALUE - 64;

    private final MemoryAllocator allocation;
    private final int max;

    EncodingLimit(MemoryAllocator allocation, int max) {
        this.allocation = allocation;
        this.max = max;
    }

    static synchronized void install() {
        MemoryAllocator current = MemoryBuffer.getGlobalAllocator();
        if (!(current instanceof EncodingLimit)) {
            MemoryBuffer.setGlobalAllocator(new EncodingLimit(current, MAX_ENCODED));
        }
    }

    /** Refuses a primitive array whose bytes would end the buffer past the limit (or whose size overflowed). */
    static BufferCallback guarding(MemoryBuffer buffer) {
        return array -> {
            long end = (long) buffer.writerIndex() + array.totalBytes() + 16;
            if (array.totalBytes() < 0 || end > MAX_ENCODED) {
                throw new Exceeded();
            }
            return true; // in band: the bytes go into the buffer, as without a callback
        };
    }

    @Override
    public MemoryBuffer allocate(int initialCapacity) {
        if (initialCapacity < 0 || initialCapacity > max) {
            throw new Exceeded();
        }
        return allocation.allocate(initialCapacity);
    }

    @Override
    public void grow(MemoryBuffer buffer, int newCapacity) {
        if (newCapacity < 0 || newCapacity > max) {
            throw new Exceeded();
        }
        if (newCapacity <= buffer.size()) {
            return;
        }
        long wanted = newCapacity < MemoryBuffer.BUFFER_GROW_STEP_THRESHOLD ? 2L * newCapacity : newCapacity * 3L / 2;
        byte[] data = new byte[(int) Math.min(wanted, max)];
        buffer.get(0, data, 0, buffer.size());
        buffer.initHeapBuffer(data, 0, data.length);
    }

    /** Whether {@code e} (as Fory wraps it) is a refusal of ours. */
    static boolean exceeded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Exceeded) {
                return true;
            }
        }
        return false;
    }

    /** Thrown from inside Fory before it writes past its limit. */
    static final class Exceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Exceeded() {
            super("the encoding would pass " + MAX_ENCODED + " bytes", null, false, false);
        }
    }
}
