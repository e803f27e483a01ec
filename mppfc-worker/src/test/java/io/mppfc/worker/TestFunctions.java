package io.mppfc.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Functions the worker tests run in real worker JVMs (which share this classpath). */
public final class TestFunctions {

    private TestFunctions() {
    }

    public static double sleepy(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
        return seconds * 2;
    }

    /** The value of an environment variable in the worker, or "unset". */
    public static String environment(String name) {
        String value = System.getenv(name);
        return value == null ? "unset" : value;
    }

    public static int identity(int x) {
        return x;
    }

    /** A result whose encoding takes {@link #STORE_MILLIS}: computed at once, stored slowly. */
    public static SlowToStore slowToStore(int x) {
        return new SlowToStore(x);
    }

    static final long STORE_MILLIS = 2500;

    /** Fory calls a class's own {@code writeObject}, as Java serialization does. */
    public static final class SlowToStore implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final int value;

        SlowToStore(int value) {
            this.value = value;
        }

        public int value() {
            return value;
        }

        private void writeObject(java.io.ObjectOutputStream out) throws IOException {
            try {
                Thread.sleep(STORE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.defaultWriteObject();
        }
    }

    /** A result Fory stores (not a box, String or primitive array). */
    public static java.util.List<Integer> listed(int x) {
        return java.util.List.of(x);
    }

    /** The worker's process id, after sleeping x / 1000 ms (none for x < 0: a trivial task). */
    public static long pidAfterSleeping(int x) throws InterruptedException {
        if (x > 0) {
            Thread.sleep(x / 1000);
        }
        return ProcessHandle.current().pid();
    }

    /**
     * A slow machine beside a fast one: the worker's process id, after 100 ms on the worker that
     * ran the first task of x >= 0 (it names itself in the file {@code marker}) and 5 ms on any
     * other; at once for x < 0.
     */
    public static long slowOnTheFirstWorker(String marker, int x) throws IOException, InterruptedException {
        String pid = Long.toString(ProcessHandle.current().pid());
        if (x < 0) {
            return Long.parseLong(pid);
        }
        Path first = Path.of(marker);
        if (!Files.exists(first)) {
            Path mine = Files.writeString(first.resolveSibling(first.getFileName() + "." + pid), pid);
            try {
                Files.createLink(first, mine); // whole when seen, and only one worker's
            } catch (java.nio.file.FileAlreadyExistsException otherWasFirst) {
                // the other worker's
            }
        }
        Thread.sleep(Files.readString(first).equals(pid) ? 100 : 5);
        return Long.parseLong(pid);
    }

    /** Sleeps a little, then returns its argument: a task that is seen running. */
    public static int sleeps50(int x) throws InterruptedException {
        Thread.sleep(50);
        return x;
    }

    public static int sleepy2(int x) throws InterruptedException {
        Thread.sleep(300);
        return x;
    }

    public static int failing(int x) {
        if (x % 2 == 1) {
            throw new IllegalArgumentException("odd input " + x, new IllegalStateException("root cause"));
        }
        return x;
    }

    public static int exitsOnThree(int x) {
        if (x == 3) {
            System.exit(42);
        }
        return x;
    }

    /**
     * Ends its JVM at once, without shutdown hooks, on 150, after a line in the file named by
     * {@code -Dmppfc.test.haltLog} (one per run of 150); quick otherwise.
     */
    public static int haltsOn150(int x) throws java.io.IOException {
        if (x == 150) {
            java.nio.file.Files.writeString(java.nio.file.Path.of(System.getProperty("mppfc.test.haltLog")), "150\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Runtime.getRuntime().halt(42);
        }
        return x;
    }

    /** About a megabyte on each of stdout and stderr per call. */
    public static int chatty(int x) {
        System.err.println("mppfc-start:a note such as a launcher's start script writes before java runs");
        for (int i = 0; i < 30_000; i++) {
            System.out.println("chatter line " + i + " of task " + x);
            System.err.println("noise line " + i + " of task " + x);
        }
        return x * 10;
    }

    public static long recurse(long depth) {
        return depth <= 0 ? 0 : 1 + recurse(depth - 1);
    }

    public static int allocate(int megabytes) {
        byte[][] blocks = new byte[megabytes][];
        for (int i = 0; i < megabytes; i++) {
            blocks[i] = new byte[1 << 20];
        }
        return blocks.length;
    }

    /** Appends a line to a file per call, so a test can count how often it ran in any process. */
    public static int counted(String logFile, int x) throws IOException {
        Files.writeString(Path.of(logFile), x + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return x;
    }

    public static String joined(String[] parts, java.util.TreeMap<String, Integer> weights) {
        return String.join("+", parts) + weights.firstKey();
    }

    public static double spin(double millis) {
        long end = System.nanoTime() + (long) (millis * 1e6);
        double x = 0;
        while (System.nanoTime() < end) {
            x += Math.sqrt(x + 1);
        }
        return x > 0 ? millis : -1;
    }

    /** What native code (or a JVM crash report) does: write to file descriptor 1 behind System.out. */
    public static int scribbleOnStdout(int x) throws IOException {
        java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        fd1.write(("native garbage from task " + x + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fd1.write(new byte[] {(byte) 0xFE, 0x4D, 0x50, 0x46, 1, 2, 3});
        fd1.flush();
        return x + 1;
    }

    /** Crashes the worker's JVM (SIGSEGV), as a bad native library would. */
    public static int crashTheJvm(int x) throws ReflectiveOperationException {
        if (x == 13) {
            java.lang.reflect.Field field = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            field.setAccessible(true);
            Object unsafe = field.get(null); // by reflection: naming sun.misc.Unsafe warns at every build
            unsafe.getClass().getMethod("putAddress", long.class, long.class).invoke(unsafe, 0L, 42L);
        }
        return x;
    }

    /** The 13 bytes of a valid frame header claiming {@code length} payload bytes, as an attacker would forge it. */
    static byte[] forgedHeader(byte type, int length) {
        java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(13).put(new byte[] {(byte) 0xFE, 0x4D, 0x50, 0x46})
                .put(type).putInt(length);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(header.array(), 4, 5);
        return header.putInt((int) crc.getValue()).array();
    }

    /** Writes a forged DONE header claiming a 1 MiB payload to the real stdout, then returns normally. */
    public static int forgeFrameHeader(int x) throws IOException {
        java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        fd1.write(forgedHeader((byte) 11, 1 << 20));
        fd1.flush();
        return x * 10;
    }

    /** Writes well-formed DONE frames for task ids 0-200 (of a key that has no entry) to the real stdout, then throws. */
    public static int forgeDoneFramesThenThrow(int x) throws IOException {
        java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        io.mppfc.protocol.FrameWriter forger = new io.mppfc.protocol.FrameWriter(fd1);
        for (long id = 0; id <= 200; id++) {
            forger.write(io.mppfc.protocol.FrameType.DONE, new io.mppfc.protocol.WorkerReports.Done(id, new byte[32], 1)
                    .encode());
        }
        throw new IllegalStateException("forged DONE frames for task " + x);
    }

    /**
     * For x == 1: starts a child that inherits the worker's pipes (so they stay open), writes its
     * pid to the file, and halts the worker's JVM.
     */
    public static int leaveAChildHoldingThePipes(String pidFile, int x) throws IOException {
        if (x == 1) {
            Process child = new ProcessBuilder("sleep", "60").inheritIO().start();
            java.nio.file.Files.writeString(java.nio.file.Path.of(pidFile), child.pid() + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            Runtime.getRuntime().halt(7);
        }
        return x;
    }

    public static String four(String a, int b, long c, double d) {
        return a + b + c + d;
    }

    public static String five(String a, int b, long c, double d, char e) {
        return four(a, b, c, d) + e;
    }

    public static String six(String a, int b, long c, double d, char e, boolean f) {
        return five(a, b, c, d, e) + f;
    }
}
