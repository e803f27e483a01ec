package io.mppfc.worker;

import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.ResultMessages;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

/**
 * Functions for the tests of results sent over the pipe; public for the worker JVMs. The command
 * line's tests run them on SSH workers too (this module's test-jar, added to their classpath).
 */
public final class PipeFunctions {

    private PipeFunctions() {
    }

    /** {@code n} bytes that do not compress, the same for the same {@code n}. */
    public static byte[] bytesOf(int n) {
        byte[] bytes = new byte[n];
        SplittableRandom random = new SplittableRandom(n);
        for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                bytes[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return bytes;
    }

    /** The worker's pid, in a result of about a kilobyte. */
    public static long[] pidIn1KB(int x) {
        long[] result = new long[128];
        result[0] = ProcessHandle.current().pid();
        result[1] = x;
        return result;
    }

    /** Appends this process's pid to the file, then returns {@link #bytesOf}: a worker to kill or cut off mid-transfer. */
    public static byte[] bytesAfterSayingPid(String pidFile, int n) throws IOException {
        Files.writeString(Path.of(pidFile), ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        return bytesOf(n);
    }

    /**
     * Appends this process's pid to the file, sends, on the real stdout, the start and a chunk of
     * a result for a task this worker was not given (of a key with no entry), then returns normally.
     */
    public static int forgeResultOfAnotherTask(String pidFile, int x) throws IOException {
        Files.writeString(Path.of(pidFile), ProcessHandle.current().pid() + "\n", StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        FrameWriter forger = new FrameWriter(new FileOutputStream(FileDescriptor.out));
        forger.write(FrameType.RESULT, new ResultMessages.Result(Long.MAX_VALUE - x, forgedKey(), 40).encode());
        forger.write(FrameType.RESULT_CHUNK, new ResultMessages.Chunk(Long.MAX_VALUE - x,
                ByteBuffer.wrap(new byte[40])).encode());
        return x + 1;
    }

    /** The key of {@link #forgeResultOfAnotherTask}'s forged result; its hex name starts with 7f00. */
    public static byte[] forgedKey() {
        byte[] key = new byte[32];
        key[0] = 0x7f;
        return key;
    }
}
