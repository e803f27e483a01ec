package io.mppfc.pool;

import io.mppfc.files.FileGate;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one worker does about the class data of its classpath: use an archive or AOT cache, or
 * record one, or nothing.
 *
 * @param jvmOptions the worker JVM's options for it
 * @param pending what the recording worker writes: an AppCDS archive, or an AOT configuration
 *     (null when the worker records nothing)
 * @param archive where the finished archive or cache goes
 * @param assembly for an AOT configuration: the options of the JVM that makes the cache from it; empty for
 *     an AppCDS archive, which the worker writes whole
 * @param assembled where the assembly writes the cache, or null
 * @param classpath the classpath the JVM runs with, or null for the worker's own: a trainee's is
 *     the jars alone, a worker mapping a trainee's class data has the jars first
 * @param trainee whether the recording is not the worker's but a trainee's: a JVM of its own,
 *     on the classpath's jars, started after the pool's first result (see {@link ClassDataTraining})
 */
record ClassDataPlan(List<String> jvmOptions, Path pending, Path archive, List<String> assembly, Path assembled,
        String classpath, boolean trainee) {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataSharing.class);

    static final ClassDataPlan NONE = new ClassDataPlan(List.of(), null, null, List.of(), null, null, false);

    /** Whether the worker maps class data made before (and records none). */
    boolean maps() {
        return archive != null && pending == null && !trainee;
    }

    String classpathOr(String own) {
        return classpath != null ? classpath : own;
    }

    /**
     * After a clean exit of the recording worker: an AppCDS archive is moved into place; an AOT
     * cache is made from the recording by a JVM of its own, in the background (a second or two,
     * which no caller waits for), and then moved into place.
     *
     * @param worker the recording worker's command line: the cache is only valid for its
     *     {@code java}, and only whole for its module options
     */
    void publish(List<String> worker) {
        if (pending == null) {
            return;
        }
        if (assembly.isEmpty()) {
            moveIntoPlace(pending);
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(worker.get(0));
        // a module option the workers run with and the assembly lacked (--enable-native-access,
        // which the launcher adds on JDK 24+) costs every later worker the cache's module graph
        worker.stream().takeWhile(word -> !word.equals("-cp")).filter(word -> word.startsWith("--"))
                .forEach(command::add);
        command.addAll(assembly);
        try {
            if (File.separatorChar == '/') {
                publishingWhenDone(command, assembled, pending, null).start();
                return;
            }
            Process assembler = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            assembler.onExit().thenRun(() -> {
                if (assembler.exitValue() == 0) {
                    moveIntoPlace(assembled);
                } else {
                    LOG.debug("making the AOT cache {} failed with exit code {}", archive, assembler.exitValue());
                    delete(assembled);
                }
                delete(pending);
            });
        } catch (IOException e) {
            LOG.debug("cannot start making the AOT cache {}: {}", archive, e.toString());
            discard();
        }
    }

    /**
     * Runs {@code command} under {@code sh}, which moves what it recorded into place if it
     * succeeds and then removes the leftovers, whether or not this program still runs by then
     * (an AOT cache is written seconds after it was asked for). Both ignore SIGINT and SIGHUP, as
     * {@code nohup} does: they are in the program's process group, so a Ctrl-C that ends the
     * program (or a closed terminal) killed them too, before the {@code rm}, leaving the scratch
     * directory in the temp directory and no class data. A JVM keeps a signal ignored that it
     * inherited ignored.
     */
    ProcessBuilder publishingWhenDone(List<String> command, Path recorded, Path leftover, Path otherLeftover) {
        List<String> shell = new ArrayList<>(List.of("sh", "-c", "trap '' INT HUP; \"$@\" && mv -f -- \"$MPPFC_RECORDED\" "
                + "\"$MPPFC_ARCHIVE\"; rm -rf -- \"$MPPFC_RECORDED\" \"$MPPFC_LEFTOVER\" \"$MPPFC_OTHER_LEFTOVER\"",
                "mppfc-class-data"));
        shell.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(shell).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("MPPFC_RECORDED", recorded.toString());
        builder.environment().put("MPPFC_ARCHIVE", archive.toString());
        builder.environment().put("MPPFC_LEFTOVER", leftover.toString());
        builder.environment().put("MPPFC_OTHER_LEFTOVER", otherLeftover == null ? "" : otherLeftover.toString());
        return builder;
    }

    /** The recording worker died: what it wrote is not trusted. */
    void discard() {
        if (pending != null) {
            delete(pending);
        }
    }

    private void moveIntoPlace(Path written) {
        try {
            if (Files.isRegularFile(written) && Files.size(written) > 0) {
                Files.move(written, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.debug("worker class data written: {}", archive);
            }
        } catch (IOException e) {
            LOG.debug("cannot publish the class data {}: {}", archive, e.toString());
        } finally {
            delete(written);
        }
    }

    private static void delete(Path file) {
        try {
            FileGate.deleteFile(file);
        } catch (IOException e) {
            LOG.debug("cannot remove {}: {}", file, e.toString());
        }
    }
}
