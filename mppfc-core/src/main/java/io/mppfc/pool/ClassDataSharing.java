package io.mppfc.pool;

import io.mppfc.cache.codec.Codecs;
import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import io.mppfc.footprint.Footprint;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Class data per worker classpath, so workers start faster: an AppCDS archive on JDK 17-23, an
 * AOT cache (JEP 483, classes also linked) on JDK 24 and later. When a pool finds none, a
 * trainee records one after the pool's first result ({@link ClassDataTraining}; on JDK 24, and
 * where there is no {@code sh}, the first worker records as it runs); later workers map it. The
 * JVM records only jars: for a classpath with directories the trainee records the jars' class
 * data ({@link ClasspathLayout}).
 * Used only when the file exists: a missing archive would silently disable sharing, a stale
 * one is refused by the JVM itself (its warnings are silenced).
 * Archives live in {@code mppfc.cdsDir} (default: the temp directory's {@code mppfc-cds-<user>},
 * used only if this user owns it and nobody else may write to it), named by a hash of the JVM
 * and of every jar's path, size and modification time.
 */
final class ClassDataSharing {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);
    private static final String QUIET = "-Xlog:cds*=off";
    private static final String QUIET_AOT = "-Xlog:aot*=off";
    /**
     * A recording JVM prints to stdout, past every -Xlog switch ("AOTConfiguration recorded: ..."
     * as it exits on JDK 24+, "Error occurred during CDS dumping" when it refuses), and a worker's
     * stdout is the protocol: the JVM's own output goes to stderr instead.
     */
    private static final String VM_OUTPUT_TO_STDERR = "-XX:+DisplayVMOutputToStderr";
    /** A recording holds what the JVM loaded: the codec too, for the functions whose values need it. */
    private static final String CODEC_SET_UP = "-D" + Codecs.SET_UP_AT_ONCE_PROPERTY + "=true";

    private ClassDataSharing() {
    }

    static Path directory() {
        String configured = System.getProperty("mppfc.cdsDir");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "mppfc-cds-" + System.getProperty("user.name", "user"));
    }

    /**
     * @param classpath the worker classpath
     * @param mayCreate whether this worker may write the archive if there is none
     * @param workerOptions the user's options for the worker JVMs
     * @param codecAtStart whether the workers set their codec up as they start: an archive with
     *     the codec's classes costs a JDK 25 worker that never uses them 30 ms of its start (an AOT
     *     cache's classes are all loaded as the JVM starts), one without costs a worker that does
     *     350 ms, so each kind of worker gets an archive of its own
     */
    static ClassDataPlan plan(String classpath, boolean mayCreate, List<String> userOptions, boolean codecAtStart) {
        List<String> workerOptions = jvmOptionsInForce(userOptions);
        if ("false".equals(System.getProperty("mppfc.cds")) || workerOptions.contains("-Xshare:off")
                || workerOptions.stream().anyMatch(ClassDataSharing::usersOwn)) {
            return ClassDataPlan.NONE;
        }
        if (Runtime.version().feature() < 24 && workerOptions.stream().anyMatch(ClassDataSharing::isAgent)) {
            mayCreate = false; // AppCDS refuses to record with an agent, and the JVM exits: it only maps then
        }
        ClasspathLayout layout = ClasspathLayout.of(classpath).orElse(null);
        boolean aot = Runtime.version().feature() >= 24;
        if (layout == null || layout.jars().isEmpty()) {
            return ClassDataPlan.NONE;
        }
        boolean trained = !layout.directories().isEmpty();
        String workerClasspath = null;
        if (trained) {
            // the trainee runs the worker from the jars alone, under sh, and its class data is
            // mapped only under the jars as the classpath's prefix; on JDK 24 an AOT cache needs
            // a second JVM after the recording, which only a worker's recording gets
            if (!layout.jarsHoldWorker() || !layout.jarsFirstIsSafe() || File.separatorChar != '/'
                    || Runtime.version().feature() == 24) {
                return ClassDataPlan.NONE;
            }
            workerClasspath = layout.jarsFirst();
        }
        String identity = identity(layout.jars(), trained, codecAtStart, workerOptions);
        Path dir = directory();
        if (identity == null || !ownDirectory(dir)) {
            return ClassDataPlan.NONE;
        }
        byte[] hash = Footprint.sha256().digest(identity.getBytes(StandardCharsets.UTF_8));
        Path archive = dir.resolve("worker-" + HexFormat.of().formatHex(hash, 0, 12) + (aot ? ".aot" : ".jsa"));
        if (Files.isRegularFile(archive)) {
            ClassDataArchives.used(archive);
            return new ClassDataPlan(aot ? List.of("-XX:AOTCache=" + archive, QUIET, QUIET_AOT)
                    : List.of("-XX:SharedArchiveFile=" + archive, QUIET), null, archive, List.of(), null,
                    workerClasspath, false);
        }
        if (!mayCreate || recordingUnderWay(archive)) {
            return ClassDataPlan.NONE;
        }
        ClassDataArchives.prune(dir); // a new archive comes: the least recently used go
        String temp = archive.getFileName() + "." + Nonces.hex(16);
        String recordedClasspath = trained ? layout.jarsOnly() : classpath;
        if (!trained && (File.separatorChar != '/' || Runtime.version().feature() == 24)) {
            return workerRecording(classpath, codecAtStart, dir.resolve(temp), archive, aot);
        }
        // a trainee records, after the pool's first result and at the lowest priority: a worker
        // recording an AOT cache maps no class data at all (not even the JDK's), and on JDK 25 it
        // took the first job and made the first result of a classpath's first run 417-795 ms
        // against 265 ms on JDK 17; on JDK 25 it makes the cache itself as it exits (JEP 514)
        Path pending = dir.resolve(temp + ".tmp");
        String output = (aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + pending;
        return new ClassDataPlan(recording(aot, codecAtStart, output), pending, archive, List.of(), null,
                recordedClasspath, true);
    }

    /**
     * Where no trainee can run (it needs {@code sh}), and on JDK 24 (whose AOT cache needs a
     * second JVM after the recording, which the trainee's {@code sh} does not chain): the first
     * worker records as it runs. AppCDS is written by the worker itself; on JDK 24+ the AOT cache
     * (JEP 483) also keeps classes linked: the worker records its configuration at exit, and a JVM
     * of its own makes the cache from it afterwards.
     */
    private static ClassDataPlan workerRecording(String classpath, boolean codecAtStart, Path temp, Path archive,
            boolean aot) {
        if (!aot) {
            Path pending = temp.resolveSibling(temp.getFileName() + ".tmp");
            return new ClassDataPlan(recording(false, codecAtStart, "-XX:ArchiveClassesAtExit=" + pending), pending,
                    archive, List.of(), null, null, false);
        }
        Path configuration = temp.resolveSibling(temp.getFileName() + ".aotconf");
        Path assembled = temp.resolveSibling(temp.getFileName() + ".tmp");
        List<String> assembly = List.of("-XX:AOTMode=create", "-XX:AOTConfiguration=" + configuration,
                "-XX:AOTCache=" + assembled, QUIET, QUIET_AOT, "-cp", classpath);
        return new ClassDataPlan(recording(true, codecAtStart, "-XX:AOTMode=record",
                "-XX:AOTConfiguration=" + configuration), configuration, archive, assembly, assembled, null, false);
    }

    /** A recording JVM's options: its own, quiet, what it says on stderr, and the codec set up if its archive holds it. */
    private static List<String> recording(boolean aot, boolean codecAtStart, String... own) {
        List<String> options = new ArrayList<>(List.of(own));
        options.addAll(List.of(QUIET, VM_OUTPUT_TO_STDERR));
        if (aot) {
            options.add(QUIET_AOT);
        }
        if (codecAtStart) {
            options.add(CODEC_SET_UP);
        }
        return List.copyOf(options);
    }

    /** Options that say where the JVM's output goes, or set a property: no class data depends on them. */
    private static final List<String> OUTPUT_OPTIONS = List.of("-D", "-Xlog", "-Xloggc", "-verbose", "-XX:ErrorFile",
            "-XX:HeapDumpPath", "-XX:+HeapDumpOnOutOfMemoryError", "-XX:-HeapDumpOnOutOfMemoryError", "-XX:LogFile",
            "-XX:OnError", "-XX:OnOutOfMemoryError", "-XX:StartFlightRecording", "-XX:FlightRecorderOptions");

    /** The variables by which the {@code java} launcher and the JVM take options from the environment, which a worker inherits. */
    private static final List<String> OPTION_VARIABLES = List.of("JDK_JAVA_OPTIONS", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS");

    /**
     * The worker JVM's options as it takes them: those of the environment's option variables (a
     * worker inherits them) and then the user's worker options. A worker whose class data the
     * environment turned off ({@code JAVA_TOOL_OPTIONS=-Xshare:off}) mapped none, and its class
     * data was removed as unused after every run's first result.
     */
    static List<String> jvmOptionsInForce(List<String> userOptions) {
        List<String> options = new ArrayList<>();
        for (String variable : OPTION_VARIABLES) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                options.addAll(List.of(value.strip().split("\\s+")));
            }
        }
        if (options.isEmpty()) {
            return userOptions;
        }
        options.addAll(userOptions);
        return List.copyOf(options);
    }

    /**
     * Whether an option gives the worker class data of the user's own, records it, or turns it
     * off: mppfc's options came after the user's, and the JVM takes the last, so a user's own
     * archive was silently replaced by mppfc's and their own recording never made. mppfc then
     * plans none.
     */
    private static boolean usersOwn(String option) {
        return USERS_OWN.stream().anyMatch(option::startsWith);
    }

    private static final List<String> USERS_OWN = List.of("-XX:SharedArchiveFile", "-XX:AOTCache", "-XX:AOTMode",
            "-XX:AOTConfiguration", "-XX:ArchiveClassesAtExit", "-XX:+AutoCreateSharedArchive",
            "-XX:SharedClassListFile", "-XX:-UseSharedSpaces");

    private static boolean isAgent(String option) {
        return option.startsWith("-agentlib:") || option.startsWith("-agentpath:") || option.startsWith("-javaagent:");
    }

    /**
     * Whether another worker (of this program or another) is recording this archive or having
     * it made, judged by its temp files; those older than an hour were left by a program that
     * ended first, and are removed.
     */
    private static boolean recordingUnderWay(Path archive) {
        String prefix = archive.getFileName() + ".";
        long now = System.currentTimeMillis();
        boolean underWay = false;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(archive.getParent(), prefix + "*")) {
            for (Path file : files) {
                long age = now - Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis();
                if (age > TimeUnit.HOURS.toMillis(1)) {
                    FileGate.deleteFile(file);
                } else {
                    underWay = true;
                }
            }
        } catch (IOException e) {
            LOG.debug("cannot look for class data being recorded in {}: {}", archive.getParent(), e.toString());
            return true;
        }
        return underWay;
    }

    /**
     * An archive is class data the worker JVM maps and runs: it must come from a directory only
     * this user can write. Made owner-only when missing; refused (no sharing, a debug line) when
     * it is a link, another user's, or writable by others, as a directory of this name in a
     * shared temp directory may have been made by someone else first.
     */
    static boolean ownDirectory(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(dir.getParent())) {
                    // a missing temp directory is not ours to make (it would get this umask's permissions)
                    LOG.debug("not sharing class data: {} does not exist", dir.getParent());
                    return false;
                }
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                } catch (UnsupportedOperationException e) {
                    Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    // checked below like any other
                }
            }
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                LOG.debug("not sharing class data: {} is not a directory", dir);
                return false;
            }
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            String me = System.getProperty("user.name");
            if (!owner.getName().equals(me)) {
                LOG.debug("not sharing class data: {} belongs to {}, not {}", dir, owner.getName(), me);
                return false;
            }
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS);
                if (permissions.contains(PosixFilePermission.GROUP_WRITE)
                        || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
                    LOG.debug("not sharing class data: others may write to {}", dir);
                    return false;
                }
            } catch (UnsupportedOperationException e) {
                return true; // not a POSIX file system: the owner check is what there is
            }
            return true;
        } catch (IOException e) {
            LOG.debug("not sharing class data: {}: {}", dir, e.toString());
            return false;
        }
    }

    /** The JVM and every jar's path, size and time; null if a jar cannot be read. */
    private static String identity(List<Path> jars, boolean trained, boolean codecAtStart, List<String> options) {
        StringBuilder id = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version")).append(trained ? "|trained" : "")
                .append(codecAtStart ? "|codec" : "");
        // a JDK 24+ JVM refuses an AOT cache recorded under other options (module options, the
        // collector, the heap's size for compressed pointers): one file for two programs that
        // differ in them was removed by each as unused, and recorded again by the other's next
        // run, every run. Where the JVM writes its logs, dumps and recordings changes none of it,
        // nor does a system property, and those may change every run.
        for (String option : options) {
            if (OUTPUT_OPTIONS.stream().noneMatch(option::startsWith)) {
                id.append("|option:").append(option);
            }
        }
        for (Path jar : jars) {
            try {
                BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
                id.append('|').append(jar.toAbsolutePath()).append(':').append(a.size()).append(':')
                        .append(a.lastModifiedTime().toMillis());
            } catch (IOException e) {
                return null;
            }
        }
        return id.toString();
    }
}
