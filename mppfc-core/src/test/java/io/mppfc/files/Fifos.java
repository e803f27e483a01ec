package io.mppfc.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Real FIFOs for tests, made by mkfifo, and their release: opening one read-write never blocks
 * on Linux and lets a thread blocked in opening it go on, so a test that finds a hang does not
 * leave the thread stuck for the rest of the run. As a JUnit extension
 * ({@code @RegisterExtension final Fifos fifos = new Fifos();}) it releases them after each test.
 */
public final class Fifos implements AutoCloseable, AfterEachCallback {

    private final List<Path> made = new ArrayList<>();

    /** Makes a FIFO at {@code path} (its directory must exist). */
    public Path make(Path path) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("mkfifo " + path + " failed: " + new String(out, java.nio.charset.StandardCharsets.UTF_8));
        }
        made.add(path);
        return path;
    }

    /** Lets go every thread blocked in opening one of the FIFOs made, wherever they were moved since. */
    @Override
    public void close() {
        for (Path fifo : made) {
            release(fifo);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    /** Opens and closes {@code fifo} read-write, if it is still a FIFO there. */
    public static void release(Path fifo) {
        try {
            var a = Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isOther()) {
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS).close();
            }
        } catch (IOException e) {
            // gone: nobody can be blocked on it
        }
    }
}
