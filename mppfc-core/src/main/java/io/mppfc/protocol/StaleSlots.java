package io.mppfc.protocol;

import io.mppfc.files.FileGate;
import io.mppfc.files.Nonces;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of started slots ({@link StartedSlot}) and the removal of those their maker left: a
 * slot's name carries its coordinator's pid and the pid namespace the pid counts in (Linux; 0
 * elsewhere), so a later process of the same namespace can tell that the maker is gone (a process
 * of that pid that started after the slot was written is another one, the pid taken again), and
 * one of another namespace (a container sharing this temp directory) leaves the slot alone. Only names of exactly that pattern, regular files (a link is
 * never followed or removed), of this user, of a slot's size, in the one directory where slots are
 * made, are removed; once per process, in a thread of its own (a large temp directory never
 * delays a worker's start), looking at a bounded number of names. Slots of the older name
 * ({@code mppfc-started-<digits>}, a temp file's random number, no maker named) get the same care
 * but are judged by age alone: removed once unwritten for {@link #OLD_NAME_AGE}.
 */
final class StaleSlots {

    /** Names of the directory looked at by one sweep: a temp directory of millions costs no more. */
    static final int MAX_NAMES = 100_000;
    /** Slot names judged (each a look at its maker) by one sweep. */
    static final int MAX_SLOTS = 256;

    /**
     * How much later than its slot's last write a process may seem to have started and still be
     * its maker: a start instant is known to the second of the boot time it is counted from.
     */
    static final java.time.Duration CLOCK_SLACK = java.time.Duration.ofSeconds(2);

    /**
     * How long a slot of the older name must have gone unwritten before a sweep takes its maker
     * for gone: the name says nothing of the maker, so only an age well beyond any live run
     * tells. A live coordinator of that code kept the name while its worker started, or (before
     * workers removed it) while its worker lived, whose stores into the mapping keep the time
     * fresh; a month is beyond a week-long run and beyond the ten days systemd's tmpfiles keep
     * {@code /tmp}.
     */
    static final java.time.Duration OLD_NAME_AGE = java.time.Duration.ofDays(30);

    private static final AtomicBoolean SWEPT = new AtomicBoolean();
    /**
     * This process's pid namespace, which every slot's name carries beside its pid, or null until
     * first needed: read by {@link #prepare()} ahead of the first slot where the pool can, else
     * by the first slot.
     */
    private static volatile String ownNamespace;

    private StaleSlots() {
    }

    /** Reads this process's pid namespace now, if not read yet: a look at {@code /proc}. */
    static void prepare() {
        ownNamespace();
    }

    private static String ownNamespace() {
        String known = ownNamespace;
        if (known == null) {
            known = namespace();
            ownNamespace = known; // two threads may both have read it: the same answer
        }
        return known;
    }

    /**
     * The inode of this process's pid namespace ({@code /proc/self/ns/pid -> pid:[4026531836]}),
     * or 0 where there is none to read: a pid means the same process only within one namespace.
     */
    static String namespace() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
            String inode = link.startsWith("pid:[") && link.endsWith("]") ? link.substring(5, link.length() - 1) : "";
            return digits(inode) ? inode : "0";
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return "0";
        }
    }

    /** Whether {@code text} is 1 to 20 decimal digits (a loop, not a regex or a lambda: this is on the way to a worker). */
    private static boolean digits(String text) {
        if (text.isEmpty() || text.length() > 20) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A new slot file in {@code directory}, empty, readable and writable by this user only, named for this process. */
    static Path newSlot(Path directory) throws IOException {
        Path file = directory.resolve(StartedSlot.PREFIX + ProcessHandle.current().pid() + "-" + ownNamespace() + "-"
                + Nonces.hex(8));
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return Files.createFile(file);
    }

    /** The first slot this process makes in the temp directory starts its sweep; later ones do not. */
    static void sweepOnce(Path directory, Path own) {
        if (!SWEPT.compareAndSet(false, true)) {
            return;
        }
        Thread sweeper = new Sweeper(directory, own);
        sweeper.setDaemon(true); // stopped mid-way by the exit, it has removed whole files or not
        sweeper.start();
    }

    /** The sweep's thread: a class, not a lambda, whose first run would spin a class on the way to a worker's start. */
    private static final class Sweeper extends Thread {
        private final Path directory;
        private final Path own;

        Sweeper(Path directory, Path own) {
            super("mppfc-started-slot-sweep");
            this.directory = directory;
            this.own = own;
        }

        @Override
        public void run() {
            try {
                // looked up here, not on the way to the worker's start (a user lookup: a millisecond or two)
                sweep(directory, own, Files.getOwner(own, LinkOption.NOFOLLOW_LINKS), MAX_NAMES, MAX_SLOTS);
            } catch (IOException e) {
                // its worker mapped it and removed its name already (a JVM starts in tens of ms, this
                // in a few): the next process sweeps
            }
        }
    }

    /**
     * Removes the slots in {@code directory} whose maker is no longer alive.
     *
     * @param own a slot this process made, never removed here
     * @param me this user, the owner of {@code own}
     * @return how many were removed
     */
    static int sweep(Path directory, Path own, UserPrincipal me, int maxNames, int maxSlots) {
        int removed = 0;
        // made here, in the sweep's own thread, once: not on the way to a worker's start
        Pattern slotName = Pattern.compile(Pattern.quote(StartedSlot.PREFIX) + "([1-9][0-9]{0,18})-([0-9]{1,20})-[0-9a-f]{16}");
        // Files.createTempFile's name: the prefix, then a random long's unsigned digits
        Pattern oldName = Pattern.compile(Pattern.quote(StartedSlot.PREFIX) + "[0-9]{1,20}");
        java.time.Instant oldBefore = java.time.Instant.now().minus(OLD_NAME_AGE);
        String namespace = ownNamespace(); // read by the slot this sweep follows
        try (DirectoryStream<Path> names = Files.newDirectoryStream(directory)) {
            int looked = 0;
            int judged = 0;
            for (Path path : names) {
                if (++looked > maxNames || judged >= maxSlots) {
                    break;
                }
                String fileName = path.getFileName().toString();
                Matcher name = slotName.matcher(fileName);
                if (name.matches() && !path.equals(own) && name.group(2).equals(namespace)) {
                    judged++;
                    removed += removeIf(path, () -> makerGone(path, name, me));
                } else if (oldName.matcher(fileName).matches()) {
                    judged++;
                    removed += removeIf(path, () -> unwrittenSince(path, oldBefore, me));
                }
            }
        } catch (IOException | RuntimeException e) {
            // a temp directory that cannot be listed: what is left waits for the next sweep
        }
        return removed;
    }

    /** A judgement of one name that may find it gone. */
    interface Judgement {
        boolean stale() throws IOException;
    }

    /**
     * Removes {@code path} if it is judged stale: 1 if removed. A name gone between the listing
     * and the look (another sweep, its worker) is passed over, not the end of the sweep: in a
     * busy temp directory that is common, and ending there left every slot after it. The name is
     * unlinked through the gate, in its open directory: a directory put there since the look is
     * refused, never removed.
     */
    static int removeIf(Path path, Judgement judgement) {
        try {
            return judgement.stale() && FileGate.deleteFile(path) ? 1 : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static boolean makerGone(Path path, Matcher name, UserPrincipal me) throws IOException {
        BasicFileAttributes a = slotOf(path, me);
        if (a == null) {
            return false;
        }
        long pid;
        try {
            pid = Long.parseLong(name.group(1));
        } catch (NumberFormatException e) {
            return false; // digits past a long: not a name this code made
        }
        return !alive(pid, a.lastModifiedTime().toInstant());
    }

    /** Whether a slot of the older name was last written before {@code before}. */
    private static boolean unwrittenSince(Path path, java.time.Instant before, UserPrincipal me) throws IOException {
        BasicFileAttributes a = slotOf(path, me);
        return a != null && a.lastModifiedTime().toInstant().isBefore(before);
    }

    /**
     * The attributes of {@code path} if it is a slot of this user: a regular file, looked at
     * without following a link, of a slot's size; else null.
     */
    private static BasicFileAttributes slotOf(Path path, UserPrincipal me) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        boolean slot = a.isRegularFile() && a.size() == StartedSlot.SIZE
                && me.equals(Files.getOwner(path, LinkOption.NOFOLLOW_LINKS));
        return slot ? a : null;
    }

    /**
     * Whether the process that made a slot lives: its pid is alive, and was so when the slot was
     * written (a process started later is another one, the pid taken again). Where the system does
     * not say when a process started, a live pid is taken for the maker: a slot kept costs 32
     * bytes, one removed under a live coordinator costs its worker the slot.
     */
    static boolean alive(long pid, java.time.Instant written) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !process.get().isAlive()) {
            return false;
        }
        Optional<java.time.Instant> started = process.get().info().startInstant();
        return started.isEmpty() || !started.get().isAfter(written.plus(CLOCK_SLACK));
    }
}
