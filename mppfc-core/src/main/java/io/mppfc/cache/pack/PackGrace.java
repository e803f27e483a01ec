package io.mppfc.cache.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * How long what a pack replaces (loose files, older packs) stays after the pack is written.
 * None on a local file system: every process there sees a new pack at its next lookup. Two
 * minutes on a network file system, whose clients may see a directory as it was for up to
 * their attribute cache time (NFS: 60 s by default): until then a host that does not see the
 * new pack yet still finds the entry where it was, so it never misses one. A later
 * {@code pack} or {@code gc} removes them. The system property {@code mppfc.packGrace}
 * (an ISO-8601 duration such as {@code PT5M}) overrides the choice.
 */
public final class PackGrace {

    public static final String PROPERTY = "mppfc.packGrace";
    static final Duration NETWORK = Duration.ofMinutes(2);
    private static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "lustre", "gpfs", "beegfs", "cifs", "smb",
            "smb2", "smb3", "smbfs", "ceph", "glusterfs", "fuse.glusterfs", "fuse.sshfs", "9p", "panfs", "afs", "ocfs2",
            "gfs2", "fuse.beegfs", "fuse.gpfs", "wekafs", "orangefs");

    private PackGrace() {
    }

    public static Duration of(Path function) throws IOException {
        String configured = System.getProperty(PROPERTY);
        if (configured != null) {
            try {
                return Duration.parse(configured);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("the system property " + PROPERTY + " is \"" + configured
                        + "\"; give an ISO-8601 duration such as PT2M or PT0S");
            }
        }
        String type = Files.getFileStore(function).type().toLowerCase(Locale.ROOT);
        return NETWORK_TYPES.contains(type) ? NETWORK : Duration.ZERO;
    }
}
