package io.mppfc.cache;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Whether this JVM's heap can take a value about to be decoded. What the runtime reports as used
 * includes garbage not yet collected (the last big value a loop read), so a value that does not
 * fit in what is free now gets one collection before it is refused: refusing a read that fits the
 * heap would make a result unreadable in a loop that reads it twice, and the collection costs
 * little next to decoding that many bytes.
 */
final class HeapRoom {

    private HeapRoom() {
    }

    static long free() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.maxMemory() - (runtime.totalMemory() - runtime.freeMemory());
    }

    /**
     * @param bytes the heap the decoded value needs
     * @param what what is being decoded, for the refusal ("the cache entry /c/f/abc/...")
     * @throws EntryTooLargeException if even after a collection the heap has less free
     */
    static void require(long bytes, Supplier<String> what) throws EntryTooLargeException {
        if (bytes <= free()) {
            return;
        }
        System.gc();
        long free = free();
        if (bytes > free) {
            throw new EntryTooLargeException(what.get() + " needs " + mib(bytes) + " of heap to decode, but this JVM"
                    + " has " + mib(free) + " free after a garbage collection: run it with a larger -Xmx");
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
