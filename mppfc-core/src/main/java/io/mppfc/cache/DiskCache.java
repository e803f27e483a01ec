package io.mppfc.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of one function: {@code <directory>/<level1>/<level2>/<file>} per {@link CacheKey}.
 *
 * <p>Writes go to a temp file with an unpredictable name in the entry's own directory, created
 * with {@code CREATE_NEW} and owner-only permissions, then renamed into place atomically, so
 * a reader (in any process) never sees a partial entry. An entry that fails any check is a
 * miss: it is moved to {@code <directory>/.quarantine/} with a warning, never returned and
 * never deleted silently. Thread-safe; several processes may share one directory.
 *
 * @since 0.1
 */
public final class DiskCache {

    /** The folder, inside a function's directory, that holds entries which failed a check. */
    public static final String QUARANTINE = ".quarantine";
    /** The prefix of temp files; they never match an entry name. */
    public static final String TEMP_PREFIX = ".tmp-";

    private static final Logger LOG = LoggerFactory.getLogger(DiskCache.class);
    private static final long USED_RESOLUTION_MILLIS = 3_600_000;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
            LinkOption.NOFOLLOW_LINKS);

    private final Path directory;
    private final ValueCodec codec;
    private final ClassAllowList allowList;
    private final boolean durable;
    /** Starts the names of this cache's temp files, so that the coordinator can remove them if it dies; or "". */
    private final String tempTag;
    private final Map<Codec, ValueCodec> otherCodecs = new EnumMap<>(Codec.class);

    private DiskCache(Path directory, ValueCodec codec, ClassAllowList allowList, boolean durable, String tempTag) {
        this.directory = directory;
        this.codec = codec;
        this.allowList = allowList;
        this.durable = durable;
        this.tempTag = tempTag;
    }

    /**
     * Returns the same cache, writing temp files whose names start with the tag: a worker's
     * cache, whose coordinator removes what the worker leaves if it is killed mid-write
     * ({@link #removeTemps(Path, String, Collection)}).
     *
     * @param tag 1 to 32 lower-case hex digits
     * @return the same cache, writing temp files whose names start with the tag
     */
    public DiskCache taggingTemps(String tag) {
        if (tag == null || !tag.matches("[0-9a-f]{1,32}")) {
            throw new IllegalArgumentException("a temp tag is 1 to 32 lower-case hex digits, got " + tag);
        }
        return new DiskCache(directory, codec, allowList, durable, tag);
    }

    private String tempName(String rest) {
        return TEMP_PREFIX + (tempTag.isEmpty() ? "" : tempTag + "-") + rest;
    }

    /**
     * Removes the temp files that a cache {@linkplain #taggingTemps(String) tagging} its temps
     * with {@code tag} left in the function's directory and in the directories of the given
     * keys: what a worker killed while it wrote leaves. Call it only once that worker is gone.
     *
     * @param directory the function's directory
     * @param tag the dead worker's tag
     * @param keys the keys it held
     * @return how many files were removed
     */
    public static int removeTemps(Path directory, String tag, Collection<CacheKey> keys) {
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(directory);
        for (CacheKey key : keys) {
            directories.add(directory.resolve(key.level1()).resolve(key.level2()));
        }
        String prefix = TEMP_PREFIX + tag + "-";
        int removed = 0;
        for (Path dir : directories) {
            try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, prefix + "*")) {
                for (Path temp : temps) {
                    if (Files.deleteIfExists(temp)) {
                        removed++;
                    }
                }
            } catch (NoSuchFileException e) {
                // the worker never got as far as this directory
            } catch (IOException e) {
                LOG.warn("cannot remove the temp files of a dead worker in {}: {}", dir, e.toString());
            }
        }
        return removed;
    }

    /**
     * Opens (and creates, owner-only) the directory of one function's entries.
     *
     * @param directory the function's directory
     * @param codec the codec new entries are written with
     * @param allowList the classes reading may instantiate, also for entries of another codec
     * @param durable whether each write is fsynced (file and directory) before it counts as done
     * @return the cache
     * @throws IOException if the directory cannot be created or is not writable, naming it
     */
    public static DiskCache open(Path directory, ValueCodec codec, ClassAllowList allowList, boolean durable)
            throws IOException {
        return open(directory, codec, allowList, durable, false);
    }

    /**
     * As {@link #open(Path, ValueCodec, ClassAllowList, boolean)}, checking that neither the
     * function's directory nor the cache root is writable by group or others: anyone who can
     * write there can plant entries. Such a directory is reported with a warning, or refused.
     *
     * @param directory the function's directory
     * @param codec the codec new entries are written with
     * @param allowList the classes reading may instantiate
     * @param durable whether each write is fsynced
     * @param strictPermissions whether a group- or world-writable directory is refused (else a warning)
     * @return the cache
     * @throws IOException as the other overload; with {@code strictPermissions}, also for such a directory
     */
    public static DiskCache open(Path directory, ValueCodec codec, ClassAllowList allowList, boolean durable,
            boolean strictPermissions) throws IOException {
        Path dir = directory.toAbsolutePath().normalize();
        try {
            FilePermissions.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create the cache directory " + dir + ": " + e, e);
        }
        if (!Files.isWritable(dir)) {
            throw new AccessDeniedException(dir.toString(), null,
                    "the cache directory is not writable; choose another path or fix its permissions");
        }
        for (Path checked : dir.getParent() == null ? java.util.List.of(dir) : java.util.List.of(dir, dir.getParent())) {
            String problem = FilePermissions.writableByOthers(checked);
            if (problem == null) {
                continue;
            }
            String message = "the cache directory " + checked + " is " + problem + ", so others could plant entries; "
                    + "run chmod go-w " + checked;
            if (strictPermissions) {
                throw new AccessDeniedException(checked.toString(), null, message + " (strictPermissions is on)");
            }
            LOG.warn(message);
        }
        return new DiskCache(dir, codec, allowList, durable, "");
    }

    /**
     * Returns the function's directory (absolute).
     *
     * @return the function's directory (absolute)
     */
    public Path directory() {
        return directory;
    }

    /**
     * Checks that this process can create files here, by creating and removing a probe: what a
     * worker on another host does before it takes jobs.
     *
     * @throws IOException naming the directory, if it cannot
     */
    public void checkWritable() throws IOException {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Path probe = directory.resolve(tempName("probe-" + HexFormat.of().formatHex(nonce)));
        try {
            create(probe).close();
            Files.delete(probe);
        } catch (IOException e) {
            throw new IOException("cannot write to the cache directory " + directory + " from "
                    + ProcessHandle.current().pid() + ": " + e, e);
        }
    }

    /**
     * Returns where its entry lives (whether or not it exists).
     *
     * @param key a key
     * @return where its entry lives (whether or not it exists)
     */
    public Path entryPath(CacheKey key) {
        return directory.resolve(key.level1()).resolve(key.level2()).resolve(key.fileName());
    }

    /**
     * Reads and decodes an entry.
     *
     * @param key the key
     * @return the entry, or {@code null} on a miss (absent, or failed a check and quarantined)
     * @throws IOException if the entry exists but cannot be read or moved aside
     * @throws IllegalStateException if the entry was written by a codec that is not available
     */
    public CacheEntry read(CacheKey key) throws IOException {
        Path path = entryPath(key);
        EntryFormat.Parsed parsed = readChecked(path);
        if (parsed == null) {
            return null;
        }
        Duration time = Duration.ofNanos(parsed.computeNanos());
        CacheEntry entry;
        if (parsed.isNull()) {
            entry = new CacheEntry(null, time);
        } else {
            try {
                entry = new CacheEntry(codecFor(parsed.codecId(), path).decode(parsed.payload()), time);
            } catch (CodecException e) {
                quarantine(path, e.getMessage());
                return null;
            }
        }
        markUsed(path);
        return entry;
    }

    /**
     * Whether a valid entry exists (its checksum is verified; its payload is not decoded).
     *
     * @param key the key
     * @return true if a checked entry is there
     * @throws IOException as {@link #read(CacheKey)}
     */
    public boolean contains(CacheKey key) throws IOException {
        return readChecked(entryPath(key)) != null;
    }

    private EntryFormat.Parsed readChecked(Path path) throws IOException {
        byte[] bytes;
        try {
            bytes = readFile(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            // a directory, a symlink (never followed), an unreadable file: not an entry we wrote
            quarantine(path, "unreadable: " + e);
            return null;
        }
        try {
            return EntryFormat.parse(bytes);
        } catch (CorruptEntryException e) {
            quarantine(path, e.getMessage());
            return null;
        }
    }

    /**
     * A hit moves the entry's modification time to now, so {@code mppfc gc} evicts the least
     * recently used entries first (as Bazel's disk cache does). Only when the time is more than
     * an hour old: a time update is a journaled metadata write, which would cost a hot loop of
     * hits a third of its speed, and an hour is fine resolution for eviction. A read-only cache
     * stays as it is.
     */
    private static void markUsed(Path path) {
        try {
            long now = System.currentTimeMillis();
            FileTime modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
            if (now - modified.toMillis() > USED_RESOLUTION_MILLIS) {
                Files.setLastModifiedTime(path, FileTime.fromMillis(now));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not ours to write: eviction order is then by write time
        }
    }

    private static byte[] readFile(Path path) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(path, READ)) {
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("entry of " + size + " bytes is larger than mppfc entries can be");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read until full or end of file
            }
            if (buffer.hasRemaining()) {
                return java.util.Arrays.copyOf(buffer.array(), buffer.position());
            }
            return buffer.array();
        }
    }

    private ValueCodec codecFor(byte id, Path path) throws CodecException {
        if (id == codec.codec().id()) {
            return codec;
        }
        Codec other = Codec.byId(id);
        if (other == null) {
            throw new CodecException("unknown codec id " + id + " (written by a newer mppfc?)", null);
        }
        synchronized (otherCodecs) {
            try {
                return otherCodecs.computeIfAbsent(other, c -> c.create(allowList));
            } catch (IllegalStateException e) {
                throw new IllegalStateException("entry " + path + " was written with codec " + other + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Stores a value.
     *
     * @param key the key
     * @param value the value, possibly {@code null}
     * @param computationTime how long computing it took
     * @param overwrite whether an existing entry is replaced; if false and one exists, nothing is written
     * @return whether the value was written
     * @throws IOException if writing fails (disk full, permissions), naming the cache directory;
     *     no partial entry is left behind
     * @throws CodecException if the codec cannot encode the value
     */
    public boolean write(CacheKey key, Object value, Duration computationTime, boolean overwrite)
            throws IOException, CodecException {
        byte[] payload = value == null ? null : codec.encode(value);
        byte[] entry = EntryFormat.encode(codec.codec().id(), Math.max(0, computationTime.toNanos()), payload);
        Path target = entryPath(key);
        Path temp = writeTemp(target.getParent(), entry);
        try {
            if (overwrite) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else if (!linkUnlessExists(temp, target)) {
                return false;
            }
            if (durable) {
                syncDirectory(target.getParent());
            }
            return true;
        } catch (IOException e) {
            throw new IOException("cannot store an entry in the cache directory " + directory + ": " + e, e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A hard link fails if the target exists, which makes "store unless present" atomic. */
    private static boolean linkUnlessExists(Path temp, Path target) throws IOException {
        try {
            Files.createLink(target, temp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException e) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    private Path writeTemp(Path dir, byte[] entry) throws IOException {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        Path temp = dir.resolve(tempName(HexFormat.of().formatHex(nonce)));
        SeekableByteChannel channel;
        try {
            channel = create(temp);
        } catch (NoSuchFileException e) {
            FilePermissions.createDirectories(dir);
            channel = create(temp);
        } catch (IOException e) {
            throw new IOException("cannot create a file in the cache directory " + directory + ": " + e, e);
        }
        try (SeekableByteChannel c = channel) {
            ByteBuffer buffer = ByteBuffer.wrap(entry);
            while (buffer.hasRemaining()) {
                c.write(buffer);
            }
            if (durable) {
                ((FileChannel) c).force(true);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot write to the cache directory " + directory + " (disk full?): " + e, e);
        }
        return temp;
    }

    private static SeekableByteChannel create(Path temp) throws IOException {
        return Files.newByteChannel(temp, CREATE, FilePermissions.file());
    }

    private static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Moves a bad entry aside, with a warning. Never deletes it: a user may want to look.
     *
     * @param path the entry
     * @param reason why it is bad
     * @throws IOException if it can be neither moved nor found gone
     */
    void quarantine(Path path, String reason) throws IOException {
        quarantine(directory, path, reason);
    }

    /** As {@link #quarantine(Path, String)}, for a function directory given by path (the command line's verify). */
    static void quarantine(Path functionDirectory, Path path, String reason) throws IOException {
        Path quarantine = functionDirectory.resolve(QUARANTINE);
        FilePermissions.createDirectories(quarantine);
        Path relative = functionDirectory.relativize(path);
        String name = String.join("-", relative.toString().split("[/\\\\]")) + "." + System.currentTimeMillis()
                + "." + HexFormat.of().toHexDigits(RANDOM.nextInt());
        Path target = quarantine.resolve(name);
        try {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("cache entry {} is bad ({}); moved to {} and treated as a miss", path, reason, target);
        } catch (NoSuchFileException e) {
            // another process moved or replaced it first
        }
    }
}
