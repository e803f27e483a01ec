package io.mppfc.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import io.mppfc.cache.CacheMarker;
import io.mppfc.cache.maintenance.CacheInventory;
import io.mppfc.cache.maintenance.SharedProgress;
import io.mppfc.cache.maintenance.SharedPull;
import io.mppfc.cache.maintenance.SharedPush;
import io.mppfc.files.GroupMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the shared tier writes into a team's cache ({@code sharedWithGroup}) is the group's, as every other file there. */
class TeamSharingTest {

    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    @TempDir
    Path temp;

    static long square(long x) {
        return x * x;
    }

    /** A group this user is in: the one its temp directory was given. */
    private String group() throws IOException {
        return Files.readAttributes(temp, PosixFileAttributes.class).group().getName();
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static List<Path> everythingBelow(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).toList();
        }
    }

    @Test
    void aPullIntoATeamsCacheLeavesEverythingItMadeTheGroups() throws IOException {
        Path own = Files.createDirectories(temp.resolve("own"));
        CacheMarker.markRoot(own);
        try (var f = Mppfc.cache(TeamSharingTest::square).path(own).build()) {
            for (long x = 0; x < 20; x++) {
                f.apply(x);
            }
        }
        Path team = temp.resolve("team");
        GroupMode.prepareRoot(team, group());
        CacheMarker.markRoot(team);

        try (S3Store store = server.store("p")) {
            SharedPush.push(own, store, null, SharedProgress.NONE);
            SharedPull.pull(team, store, null, SharedProgress.NONE);
        }

        assertThat(CacheInventory.packedEntries(CacheInventory.functionDirectories(team).get(0))).hasSize(20);
        for (Path p : everythingBelow(team)) {
            assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 02770 : 0660);
        }
    }

    @Test
    void theMarkersOfPendingUploadsInATeamsCacheAreTheGroups() throws IOException {
        Path team = temp.resolve("team");
        try (S3Store store = server.store("p");
                var f = Mppfc.cache(TeamSharingTest::square).path(team).sharedWithGroup(group()).shared(store).build()) {
            f.apply(3L);
            Path pending = f.cacheDir().resolve(".shared-pending");
            assertThat(pending).isDirectory();
            assertThat(mode(pending)).isEqualTo(02770);
        }
    }
}
