package io.mppfc.cache.pack;

import io.mppfc.cache.EntryFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * What tells batch packs apart: packs of {@link #GENERATION} 0, each written whole by one writer
 * with only the entries it stored, merged by no one. Lower than every pack {@code pack} writes,
 * so a batch record never shadows anything; a writer therefore puts into a batch only keys
 * that are nowhere in the cache yet.
 */
public final class BatchPacks {

    /** The generation of a batch pack, and of what folding batch packs writes. */
    public static final long GENERATION = 0;
    /** How a batch pack's temp file is named after the temp prefix and the writer's tag. */
    static final String TEMP_NAME = "batch-";
    private static final Pattern TEMP = Pattern.compile(Pattern.quote(EntryFile.TEMP_PREFIX)
            + "([0-9a-f]{1,32}-)?" + TEMP_NAME + "[0-9a-f]{16}");
    /**
     * A batch is written in milliseconds: a temp file this old is a dead writer's (a worker's
     * is also removed by its coordinator, by its tag, as soon as it is known dead).
     */
    private static final long ABANDONED_MILLIS = TimeUnit.HOURS.toMillis(1);

    private BatchPacks() {
    }

    /**
     * The name a batch pack's temp file starts with after the temp prefix.
     *
     * @param tempTag the writer's temp tag, or "" for none
     * @return the name's start, ending before the nonce
     */
    public static String tempName(String tempTag) {
        return (tempTag.isEmpty() ? "" : tempTag + "-") + TEMP_NAME;
    }

    /**
     * Whether a temp file in a packs directory may be a batch that a writer is writing now, which
     * maintenance, holding its lock, must leave alone: a batch writer takes no lock.
     *
     * @param temp a temp file of a packs directory
     * @return true for a batch pack's temp file younger than an hour
     * @throws IOException if it cannot be looked at
     */
    public static boolean maybeBeingWritten(Path temp) throws IOException {
        if (!TEMP.matcher(temp.getFileName().toString()).matches()) {
            return false;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return System.currentTimeMillis() - a.lastModifiedTime().toMillis() < ABANDONED_MILLIS;
        } catch (NoSuchFileException gone) {
            return true; // published meanwhile: nothing to remove
        }
    }
}
