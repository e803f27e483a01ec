package io.mppfc.worker;

/** Functions that fail with exceptions of extreme size or shape, for the tests of bounded failures. */
public final class HostileFailures {

    private HostileFailures() {
    }

    /** Throws a message of {@code length} characters. */
    public static int hugeMessage(int length) {
        throw new IllegalArgumentException("m".repeat(length));
    }

    /** Throws the top of a chain of {@code depth} causes. */
    public static int deepCauses(int depth) {
        Throwable chain = new IllegalStateException("bottom");
        for (int i = 0; i < depth; i++) {
            chain = new RuntimeException("level " + i, chain);
        }
        throw (RuntimeException) chain;
    }

    /** Throws an exception that is its cause's cause. */
    public static int cyclicCause(int x) {
        RuntimeException a = new RuntimeException("cycle " + x);
        a.initCause(new IllegalStateException("back", a));
        throw a;
    }

    /** Throws an exception with {@code count} suppressed ones. */
    public static int manySuppressed(int count) {
        RuntimeException thrown = new RuntimeException("with " + count + " suppressed");
        for (int i = 0; i < count; i++) {
            thrown.addSuppressed(new IllegalStateException("suppressed " + i));
        }
        throw thrown;
    }

    /** Throws the given text as its message (terminal escapes, newlines, NUL). */
    public static int hostileText(String message) {
        throw new IllegalArgumentException(message);
    }

    /** Fails the first time (an Error), succeeds once {@code marker} exists. */
    public static int errorOnce(String marker) throws java.io.IOException {
        java.nio.file.Path path = java.nio.file.Path.of(marker);
        if (java.nio.file.Files.exists(path)) {
            return 1;
        }
        java.nio.file.Files.createFile(path);
        throw new StackOverflowError("simulated: depends on the JVM's stack size");
    }

    /** Writes an intact FAILED header claiming 2 MiB to the real stdout, then runs on (as a stuck task would). */
    public static int forgeOversizedFailed(int x) throws Exception {
        java.io.FileOutputStream fd1 = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        fd1.write(TestFunctions.forgedHeader((byte) 12, 2 << 20));
        fd1.flush();
        Thread.sleep(60_000);
        return x;
    }
}
