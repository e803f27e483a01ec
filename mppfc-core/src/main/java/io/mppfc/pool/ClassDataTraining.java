package io.mppfc.pool;

import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionRef;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.launch.WorkerJvm;
import io.mppfc.protocol.Frame;
import io.mppfc.protocol.FrameReader;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records class data for a classpath with directories, which the JVM does not record from: a
 * worker JVM of its own (the trainee), on the classpath's jars alone, computes one value of a
 * JDK function ({@code Math.sqrt}) into a scratch cache and stops. What it loaded to get there
 * (mppfc, Fory, the logging, the JDK) is then published like a worker's recording. Runs in the
 * background, once per pool; the workers of that start go without.
 */
final class ClassDataTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final long LIMIT_SECONDS = 120;

    private ClassDataTraining() {
    }

    static void start(ClassDataPlan plan, WorkerSpec spec, Launcher launcher) {
        // the trainee's recording appears only when it exits: until then this file tells other
        // pools (of this program or another) that it is under way
        Path underWay = plan.pending().resolveSibling(plan.pending().getFileName() + ".training");
        try {
            Files.createFile(underWay);
        } catch (IOException e) {
            LOG.debug("not recording class data: cannot create {}: {}", underWay, e.toString());
            return;
        }
        Thread trainer = new Thread(() -> train(plan, spec, launcher, underWay), "mppfc-class-data-trainee");
        trainer.setDaemon(true);
        trainer.start();
    }

    /**
     * Gives the trainee its one job and then STOP; the JVM writes what it recorded as it exits
     * (for an AOT cache, a few seconds later), and {@code sh} moves it into place then, so this
     * program may end first.
     */
    private static void train(ClassDataPlan plan, WorkerSpec spec, Launcher launcher, Path underWay) {
        Path scratch = null;
        Process trainee = null;
        try {
            scratch = Files.createTempDirectory("mppfc-trainee");
            List<String> options = new ArrayList<>(spec.jvmOptions());
            options.addAll(plan.jvmOptions());
            WorkerCommand command = launcher.command(new WorkerJvm(options, plan.classpath(), 0));
            // stdout is the protocol here
            trainee = plan.publishingWhenDone(command.command(), plan.pending(), scratch, underWay)
                    .redirectOutput(ProcessBuilder.Redirect.PIPE).start();
            Process started = trainee;
            CompletableFuture.delayedExecutor(LIMIT_SECONDS, TimeUnit.SECONDS).execute(() -> {
                started.descendants().forEach(ProcessHandle::destroyForcibly); // the JVM under sh
                started.destroyForcibly();
            });
            try (OutputStream stdin = trainee.getOutputStream()) {
                FrameWriter out = new FrameWriter(stdin);
                out.write(FrameType.HELLO, hello(spec.hello(), scratch).encode());
                out.write(FrameType.JOB, new Messages.Job(1, new byte[32], Footprint.ofArguments(2.0)).encode());
                FrameReader in = new FrameReader(trainee.getInputStream(), 1 << 20, garbage -> { });
                for (Frame frame = in.read(); frame != null; frame = in.read()) {
                    if (frame.type() == FrameType.DONE || frame.type() == FrameType.FAILED
                            || frame.type() == FrameType.FATAL) {
                        break; // a stop before the job is done would drop the job
                    }
                }
                out.write(FrameType.STOP, new byte[0]);
            }
            trainee.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot record class data for {}: {}", spec.functionName(), e.toString());
            if (trainee == null) {
                deleteTree(scratch);
                deleteTree(underWay);
            }
        }
    }

    /** The pool's own hello, for {@code Math.sqrt} into the scratch directory, with nothing to check. */
    private static Messages.Hello hello(Messages.Hello pool, Path scratch) {
        return new Messages.Hello(pool.protocolVersion(), "java.lang.Math", "sqrt", "(D)D", FunctionRef.Kind.STATIC,
                false, Footprint.ofArguments(), scratch.toString(), "", "", pool.codecId(), false,
                pool.allowedClasses(), pool.allowedPackages(), 0, pool.heartbeatMillis(), pool.compressionLevel(), "",
                List.of(), List.of(), false);
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", root, e.toString());
        }
    }
}
