package io.mppfc.pool;

import io.mppfc.code.CodeFingerprint;
import io.mppfc.code.CodeNotReadableException;
import io.mppfc.code.OwnCode;
import io.mppfc.files.FileGate;
import io.mppfc.footprint.Footprint;
import io.mppfc.function.FunctionRef;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.WorkerJvm;
import io.mppfc.protocol.FrameType;
import io.mppfc.protocol.FrameWriter;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.StartedSlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records class data for a classpath, so that no worker of the pool pays for it: a worker JVM of
 * its own (the trainee) computes one value of a JDK function ({@code Math.sqrt}) into a scratch
 * cache and stops. What it loaded to get there (mppfc, Fory, the logging, the JDK) is then
 * published like a worker's recording. It starts only once the pool has a result (or a worker
 * ended), at the lowest CPU priority ({@code nice -n 19}), and it runs without this program
 * ({@code mppfc.worker.rehearsal}: its hello, job and STOP come from a file and itself), so a
 * short program that ends first still leaves its class data (the rehearsal gives up by itself
 * after ten minutes). A recording worker was slower to
 * start than the others on JDK 25 (an AOT recording JVM maps no class data at all, not even the
 * JDK's) and it was the one that got the first job.
 */
final class ClassDataTraining {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
    /** The worker's {@code Rehearsal.PROPERTY} (the worker module is not visible from here). */
    private static final String REHEARSAL = "mppfc.worker.rehearsal";
    /** The worker's {@code Rehearsal.JOBS_PROPERTY}. */
    private static final String REHEARSAL_JOBS = "mppfc.worker.rehearsalJobs";
    /**
     * Jobs the trainee runs, its one job repeated under keys of their own by the trainee itself
     * (not by this program): enough for the task loop's methods to be compiled with profiles (C1's
     * profiling tier from 200 calls, C2 from ~5,000), which a JDK 24+ AOT cache keeps (JEP 515),
     * so that a fresh worker's JIT starts from them; on JDK 17-23 the archive gets the classes a
     * worker loads after its first job too. About a second of a core at the lowest priority.
     */
    static final int TRAINING_JOBS = 5_000;
    /** Where it exists: the trainee runs only on CPU no other process wants. */
    private static final List<Path> NICE = List.of(Path.of("/usr/bin/nice"), Path.of("/bin/nice"));
    /**
     * The trainee's niceness, 19 unless this property says otherwise (0 to 19; 0 runs it as any
     * other process). At 19 it gets a few percent of a core that anything else wants, and none
     * beside a process at a negative niceness: a machine busy with other work for minutes (a CI
     * host, a benchmark at {@code nice -n -10}) leaves it unfinished, which costs the next run
     * nothing but its class data.
     */
    private static final String NICENESS_PROPERTY = "mppfc.cdsTraineeNice";

    private ClassDataTraining() {
    }

    /**
     * Starts the trainee from a thread of its own, off the coordinator's: not a daemon, so that a
     * program ending at its first result still starts it (a few milliseconds).
     */
    static void start(ClassDataPlan plan, WorkerSpec spec, Launcher launcher) {
        launching(() -> launch(plan, spec, launcher)).start();
    }

    /**
     * The thread that starts the trainee: never a daemon. It is made by the coordinator's thread,
     * a daemon, whose kind a new thread inherits: a program that ended at its first result then
     * exited while the trainee was being started, leaving its marker (which holds off recording
     * for an hour) and its scratch in the temp directory, and no trainee.
     */
    static Thread launching(Runnable launch) {
        Thread thread = new Thread(launch, "mppfc-class-data-trainee");
        thread.setDaemon(false);
        return thread;
    }

    private static void launch(ClassDataPlan plan, WorkerSpec spec, Launcher launcher) {
        // the trainee's recording appears only when it exits: until then this file tells other
        // pools (of this program or another) that it is under way
        Path underWay = plan.pending().resolveSibling(plan.pending().getFileName() + ".training");
        Path scratch = null;
        try {
            Files.createFile(underWay);
            scratch = Files.createTempDirectory(TraineeScratch.PREFIX);
            Path script = scratch.resolve("frames");
            Files.write(script, script(spec, scratch));
            // the worker's own start, the provider named where the workers get it too
            List<String> options = new ArrayList<>(WorkerLogging.jvmOptions(plan.classpath()));
            options.addAll(spec.jvmOptions());
            options.addAll(plan.jvmOptions());
            options.add("-D" + REHEARSAL + "=true");
            options.add("-D" + REHEARSAL_JOBS + "=" + TRAINING_JOBS);
            List<String> command = new ArrayList<>();
            int niceness = niceness();
            if (niceness > 0) {
                NICE.stream().filter(Files::isExecutable).findFirst().ifPresent(nice -> command.addAll(
                        List.of(nice.toString(), "-n", Integer.toString(niceness))));
            }
            command.addAll(launcher.command(new WorkerJvm(options, plan.classpath(), 0)).command());
            plan.publishingWhenDone(command, plan.pending(), scratch, underWay)
                    .redirectInput(ProcessBuilder.Redirect.from(script.toFile())).start();
            TraineeScratch.sweep(scratch, Instant.now()); // after the start: nothing waits for it
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot record class data for {}: {}", spec.functionName(), e.toString());
            deleteTree(scratch);
            deleteTree(underWay);
        }
    }

    private static int niceness() {
        return Math.max(0, Math.min(19, Integer.getInteger(NICENESS_PROPERTY, 19)));
    }

    /** The frames the trainee reads: a hello for {@code Math.sqrt} into the scratch cache and one job. */
    private static byte[] script(WorkerSpec spec, Path scratch) throws IOException {
        byte[] hello = FrameWriter.frame(FrameType.HELLO, hello(spec.hello(), scratch).encode());
        byte[] job = FrameWriter.frame(FrameType.JOB,
                new Messages.Job(1, new byte[32], Footprint.ofArguments(2.0)).encode());
        byte[] both = Arrays.copyOf(hello, hello.length + job.length);
        System.arraycopy(job, 0, both, hello.length, job.length);
        return both;
    }

    /**
     * The pool's own hello, for {@code Math.sqrt} into the scratch directory, with what a local
     * worker's hello has besides, so that the archive holds what such a worker loads before its
     * first result: a code version to check (without one, every worker read that check's classes
     * from the jar), a temp tag and a started slot (the slot's file in the scratch directory,
     * which goes when the trainee ends).
     */
    private static Messages.Hello hello(Messages.Hello pool, Path scratch) throws IOException {
        CodeFingerprint code = codeToCheck();
        String tag = WorkerSpawner.randomHex(6);
        StartedSlot.Made slot = StartedSlot.create(tag, scratch);
        // a cache root of its own inside the scratch directory: with the scratch directory as the
        // function's, the temp directory itself became a cache root (its marker written there)
        Path function = Files.createDirectories(scratch.resolve("cache").resolve("java.lang.Math.sqrt"));
        return new Messages.Hello(pool.protocolVersion(), "java.lang.Math", "sqrt", "(D)D", FunctionRef.Kind.STATIC,
                false, Footprint.ofArguments(), function.toString(), "", tag, pool.codecId(), pool.durable(),
                pool.allowedClasses(), pool.allowedPackages(), 0, pool.heartbeatMillis(), pool.compressionLevel(),
                code.version(), code.ownClasses(), code.classFiles(), false, slot.path().toString());
    }

    /**
     * The fingerprint of one small method of this class: a JDK function has none (its class file
     * is not the user's), and this class is on every worker's classpath. The worker finds the same
     * bytes and takes the version as a real worker does; were they not the same, its check refuses
     * and nothing is recorded.
     */
    private static CodeFingerprint codeToCheck() {
        String self = ClassDataTraining.class.getName().replace('.', '/');
        try {
            return CodeFingerprint.of(ClassDataTraining.class.getName(), "deleteTree", "(Ljava/nio/file/Path;)V",
                    ClassDataTraining.class.getClassLoader(), OwnCode.exactly(Set.of(self)));
        } catch (CodeNotReadableException e) {
            return CodeFingerprint.UNTRACKED; // a loader that hides class files: the trainee checks nothing, as before
        }
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try {
            FileGate.deleteTree(root);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", root, e.toString());
        }
    }
}
