package io.mppfc.worker;

import io.mppfc.Codec;
import io.mppfc.cache.codec.Codecs;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;

/**
 * The main class of a worker process, started by the coordinator ({@code startWorkers}).
 * Speaks the frame protocol of {@code io.mppfc.protocol} on stdin and stdout; everything
 * else the process prints goes to stderr, which the coordinator forwards to its log.
 *
 * <p>Not meant to be started by hand: without a coordinator on stdin it waits for a hello
 * frame and exits when stdin closes.
 *
 * @since 0.1
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    /**
     * Runs the worker until it is told to stop, its stdin closes, or its parent process dies.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        // Before any user code or logger exists: stdout belongs to the protocol alone, so a
        // println in a user function can never corrupt a frame.
        OutputStream protocolOut = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        // without a provider SLF4J would print its three-line warning in every worker and drop
        // the worker's own warnings; these lines go to stderr, which the coordinator forwards
        StderrLoggingProvider.installIfNoneIsBound();
        // one thread stores results: a pool of codec instances as large as the machine's cores
        // would cost a start as many codec set-ups
        System.setProperty(Codec.FORY_INSTANCES_PROPERTY, "1");
        InputStream in = new FileInputStream(FileDescriptor.in);
        Rehearsal rehearsal = Boolean.getBoolean(Rehearsal.PROPERTY)
                ? new Rehearsal(Integer.getInteger(Rehearsal.JOBS_PROPERTY, 1)) : null;
        if (rehearsal != null) {
            try {
                in = rehearsal.input(in);
            } catch (IOException e) {
                System.err.println("mppfc worker: cannot read the rehearsal's frames: " + e);
                System.exit(1);
            }
            protocolOut = new BufferedOutputStream(rehearsal.output(new FileOutputStream(FileDescriptor.out)), 1 << 16);
        }
        int exitCode = new Worker(in, protocolOut).run();
        if (rehearsal != null && exitCode == 0 && !rehearsal.done()) {
            exitCode = 1; // a recording of a job not done holds too little to be kept
        }
        if (Boolean.getBoolean(Codecs.SET_UP_AT_ONCE_PROPERTY)) {
            Codecs.awaitSetUps(Duration.ofSeconds(10)); // a recording of class data holds what is loaded at the exit
        }
        System.exit(exitCode);
    }
}
