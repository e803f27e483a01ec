package io.mppfc.pool;

import io.mppfc.cache.CacheKey;
import io.mppfc.cache.DiskCache;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.launch.Launcher;
import io.mppfc.launch.LocalJvmLauncher;
import io.mppfc.launch.WorkerCommand;
import io.mppfc.launch.WorkerJvm;
import io.mppfc.protocol.Messages;
import io.mppfc.protocol.StartedSlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the worker processes of one pool: each one's hello, JVM options and class data, and
 * the marker file by which remote workers know they see the cache directory. Used by the
 * coordinator's thread only.
 */
final class WorkerSpawner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);

    private final WorkerSpec spec;
    private final Launcher launcher;
    /** The function's cache directory as this JVM sees it. */
    private final Path cacheDirectory;
    private final EntryPresence entryPresent;
    private final EventInbox inbox;
    /** The file that workers elsewhere must see in the cache directory, or null (not made yet, or local). */
    private Path shareMarker;
    /** Whether a worker of this pool is recording class data. */
    private boolean archiving;
    /**
     * Whether a worker recording class data died before it was ready: some JVM option of the
     * user's forbids the recording, and the workers after it start without one.
     */
    private boolean recordingRefused;
    /**
     * Class data a worker mapped when it died before it was ready, or null. A damaged archive or
     * AOT cache (cut short, overwritten) crashes every JVM that maps it (SIGBUS, SIGSEGV), and
     * would fail every run of the classpath: the workers after it start without class data, and
     * if one of them gets ready the class data was to blame and is removed (the next run records
     * it again). A worker that maps it and gets ready clears it.
     */
    private SuspectClassData suspect;
    /** Whether the workers of this pool start without class data, since one that mapped it died before it was ready. */
    private boolean classDataDistrusted;
    /**
     * The class data the pool's first worker that maps it was given, as the file was then, until
     * the pool's first result after that worker is ready: its JVM's maps then say whether the JVM
     * used it ({@link #confirmClassData}). Null once asked, or before such a worker.
     */
    private SuspectClassData unconfirmed;
    /** That worker, once it is ready. */
    private WorkerRecord confirming;
    private boolean classDataConfirmed;
    private int unconfirmedIndex = -1;
    /** A trainee's recording planned and not started yet: it waits for the pool's first result. */
    private ClassDataPlan training;
    /** Worker 1's plan, made before the pool's first task, or null. */
    private Plan prepared;
    /** How long a prepared worker stays good: its class data plan is of the moment it was made. */
    private static final long PREPARED_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

    /** Where entries sent over the pipe go, or null (none are accepted). */
    private final ResultReceiver receiver;

    WorkerSpawner(WorkerSpec spec, Launcher launcher, EntryPresence entryPresent, EventInbox inbox,
            ResultReceiver receiver) {
        this.receiver = receiver;
        this.spec = spec;
        this.launcher = launcher;
        this.cacheDirectory = Path.of(spec.hello().cacheDirectory());
        this.entryPresent = entryPresent;
        this.inbox = inbox;
    }

    /**
     * Plans worker {@code index}'s class data and command line while the pool waits for its
     * first task: that task's caller computes its key and looks it up at the same time, on the
     * other core. Between {@code startWorkers} and the first worker's exec, this JVM (which maps
     * no class data of mppfc's) loaded ~230 classes, read every jar's size and time for the class
     * data's name, and built the command, on the first result's path. The started slot, a file, is
     * made only at the launch: a program that never queues a task leaves none. Only for the
     * default launcher, whose command has no side effects; a failure here is met again, and
     * reported, when the worker is spawned.
     */
    void prepare(int index) {
        if (prepared != null || !(launcher instanceof LocalJvmLauncher)) {
            return;
        }
        StartedSlot.prepare(); // the first slot's name needs a look at /proc: here, not on the way to the worker
        try {
            prepared = plan(index);
        } catch (RuntimeException e) {
            LOG.debug("cannot prepare worker {} ahead of its first task: {}", index, e.toString());
        }
    }

    /** Forgets a prepared worker that was not launched (the pool stopped first). */
    void discardPrepared() {
        prepared = null;
    }

    /**
     * Starts worker {@code index}; {@code register} sees its record before the process exists,
     * so that no event of it arrives unknown.
     *
     * @throws IOException if the marker file cannot be made
     * @throws RuntimeException if the launcher cannot make a command
     */
    void spawn(int index, Consumer<WorkerRecord> register) throws IOException {
        // one planned a while ago is planned again: class data may have been made meanwhile
        Plan plan = prepared != null && prepared.index() == index
                && System.nanoTime() - prepared.madeAt() < PREPARED_NANOS ? prepared : plan(index);
        prepared = null;
        if (plan.trainee() != null) {
            training = plan.trainee();
            archiving = true; // for good: the trainee publishes by itself, once
        }
        String tag = randomHex(6);
        StartedSlot.Made slot = startedSlot(tag);
        WorkerProcess process;
        try {
            Messages.Hello hello = spec.hello().forWorker(index, launcher.workerCacheDirectory(cacheDirectory),
                    launcher.runsOnThisMachine() ? "" : shareMarker(), tag, slot == null ? "" : slot.path().toString());
            process = new WorkerProcess(index, hello, inbox, entryPresent, launcher.runsOnThisMachine(), receiver);
        } catch (IOException | RuntimeException e) {
            if (slot != null) {
                slot.remove();
            }
            throw e;
        }
        WorkerRecord worker = new WorkerRecord(index, process, plan.sharing(), tag, slot);
        register.accept(worker);
        archiving |= plan.sharing().pending() != null;
        if (!classDataConfirmed && unconfirmed == null && plan.sharing().maps()
                && ClassDataSharing.jvmOptionsInForce(spec.jvmOptions()).stream()
                        .noneMatch(WorkerSpawner::choosesClassData)) {
            unconfirmed = SuspectClassData.of(plan.sharing().archive());
            unconfirmedIndex = index;
        }
        process.launch(plan.command());
    }

    /**
     * A worker's class data and command line.
     *
     * @param trainee the class data a trainee records for the pool, or null
     */
    private record Plan(int index, ClassDataPlan sharing, ClassDataPlan trainee, WorkerCommand command, long madeAt) {
    }

    private Plan plan(int index) {
        ClassDataPlan sharing = launcher instanceof LocalJvmLauncher && !classDataDistrusted
                ? ClassDataSharing.plan(spec.classpath(), !archiving && !recordingRefused, spec.jvmOptions(),
                        spec.codecAtStart())
                : ClassDataPlan.NONE;
        ClassDataPlan trainee = null;
        if (sharing.trainee()) {
            trainee = sharing;
            sharing = ClassDataPlan.NONE;
        }
        String classpath = sharing.classpathOr(spec.classpath());
        List<String> jvmOptions = new ArrayList<>();
        if (launcher instanceof LocalJvmLauncher) {
            jvmOptions.addAll(WorkerLogging.jvmOptions(classpath)); // first: an option of the user's wins
        }
        jvmOptions.addAll(spec.jvmOptions());
        jvmOptions.addAll(sharing.jvmOptions());
        WorkerCommand command = launcher.command(new WorkerJvm(jvmOptions, classpath, index));
        return new Plan(index, sharing, trainee, command, System.nanoTime());
    }

    /**
     * A slot for a worker on this machine to keep the job it started last in; none for others
     * (another machine cannot see it), or if it cannot be made (the worker then says STARTED at
     * once).
     */
    private StartedSlot.Made startedSlot(String tag) {
        if (!launcher.runsOnThisMachine()) {
            return null;
        }
        try {
            return StartedSlot.create(tag);
        } catch (IOException e) {
            LOG.debug("cannot make a started slot for a worker: {}", e.toString());
            return null;
        }
    }

    /**
     * A worker ended: what it recorded is published if it exited cleanly, else thrown away, with
     * the temp files it may have left if it was killed mid-write (never an entry, but litter).
     *
     * @return whether it died recording class data before it was ready (the JVM refused to record)
     */
    boolean ended(WorkerRecord worker, boolean clean, WorkerCommand command) {
        if (worker == confirming) {
            // its pid is free now, and may be another process's by the next result, whose maps
            // would show the class data unused: it goes unconfirmed in this pool
            confirming = null;
        }
        boolean refused = !clean && !worker.ready && worker.sharing.pending() != null;
        if (clean) {
            resultArrived(); // or the pool had nothing to do: the trainee runs now
            worker.sharing.publish(command.command());
        } else {
            worker.sharing.discard();
            List<CacheKey> held = worker.outstanding.stream().map(task -> task.key).toList();
            CompletableFuture.runAsync(() -> DiskCache.removeTemps(cacheDirectory, worker.tempTag, held));
        }
        recordingRefused |= refused;
        archiving &= worker.sharing.pending() == null;
        if (!clean && !worker.ready && worker.killed == null && worker.sharing.maps() && !classDataDistrusted) {
            classDataDistrusted = true;
            suspect = SuspectClassData.of(worker.sharing.archive());
        }
        return refused;
    }

    /** A worker is ready: it clears or convicts the class data suspected of a death before it. */
    void ready(WorkerRecord worker) {
        if (unconfirmed != null && worker.index == unconfirmedIndex) {
            confirming = worker;
        }
        if (suspect == null) {
            return;
        }
        if (worker.sharing.maps()) {
            suspect = null; // a worker mapping it started: the death was not the class data's
            classDataDistrusted = false;
        } else if (suspect.removeIfUnchanged()) {
            LOG.warn("worker {} started without the class data {}, which the worker before it mapped when it died "
                    + "before it was ready: it is damaged and was removed (the next run records it again)",
                    worker.index, suspect.archive());
            suspect = null;
        } else {
            suspect = null;
        }
    }

    /**
     * Whether a worker option of the user's says which class data the JVM maps, or none: a worker
     * that then maps another file than ours says nothing about ours.
     */
    private static boolean choosesClassData(String option) {
        return option.startsWith("-XX:SharedArchiveFile") || option.startsWith("-XX:AOTCache")
                || option.startsWith("-XX:AOTMode") || option.startsWith("-Xshare")
                || option.startsWith("-XX:-UseSharedSpaces") || option.startsWith("-XX:+UseSharedSpaces")
                // options read from a file may say any of these
                || option.startsWith("-XX:Flags=") || option.startsWith("-XX:VMOptionsFile=") || option.startsWith("@");
    }

    /** Class data under suspicion, and the identity of its file then: one made again meanwhile is not removed. */
    private record SuspectClassData(Path archive, Object fileKey) {

        static SuspectClassData of(Path archive) {
            try {
                return new SuspectClassData(archive, Files.readAttributes(archive, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey());
            } catch (IOException e) {
                return new SuspectClassData(archive, null); // gone already: nothing to remove
            }
        }

        boolean removeIfUnchanged() {
            try {
                if (fileKey == null || !fileKey.equals(Files.readAttributes(archive, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS).fileKey())) {
                    return false;
                }
                FileGate.deleteFile(archive);
                return true;
            } catch (IOException e) {
                LOG.debug("cannot remove the damaged class data {}: {}", archive, e.toString());
                return false;
            }
        }
    }

    /**
     * The pool has a result: class data may be recorded now, by a trainee of its own, without
     * taking a core from any worker on its way to the first result.
     */
    void resultArrived() {
        if (training != null) {
            ClassDataTraining.start(training, spec, launcher);
            training = null;
        }
        if (confirming != null) {
            confirmClassData(confirming.pid);
        }
    }

    /**
     * Removes the class data the first mapping worker's JVM did not use, if it is still the file
     * that worker was given. A JDK 24+ JVM checks an AOT cache's length as it starts and runs
     * without one cut short, so no worker dies of it and the suspicion above never arises: the
     * cache stayed, and every worker of its classpath started without its benefit, until the
     * classpath changed. Asked once per pool, after a result (off the first result's path: one
     * read of {@code /proc/<pid>/maps}, ~1 ms); the next run records the class data again.
     */
    private void confirmClassData(long pid) {
        SuspectClassData file = unconfirmed;
        unconfirmed = null;
        confirming = null;
        classDataConfirmed = true;
        if (ClassDataInUse.mapped(pid, file.archive()).orElse(true)) {
            return;
        }
        if (file.removeIfUnchanged()) {
            LOG.debug("worker class data {} was not used by the worker JVM (damaged, or made for other JVM options): "
                    + "removed, the next run records it again", file.archive());
        }
    }

    /**
     * Makes, once, the file by which a worker on another machine knows it sees this very
     * directory, not one of the same name on its own disk (where its results would be lost).
     */
    private String shareMarker() throws IOException {
        if (shareMarker == null) {
            Path marker = cacheDirectory.resolve(".share-" + randomHex(8));
            try {
                Files.createFile(marker);
            } catch (IOException e) {
                throw new IOException("cannot write to the cache directory " + cacheDirectory + ": " + e, e);
            }
            marker.toFile().deleteOnExit();
            shareMarker = marker;
        }
        return shareMarker.getFileName().toString();
    }

    void deleteShareMarker() {
        try {
            if (shareMarker != null) {
                FileGate.deleteFile(shareMarker);
                shareMarker = null;
            }
        } catch (IOException e) {
            LOG.debug("cannot delete {}: {}", shareMarker, e.toString());
        }
    }

    static String randomHex(int bytes) {
        return Nonces.hex(bytes);
    }
}
