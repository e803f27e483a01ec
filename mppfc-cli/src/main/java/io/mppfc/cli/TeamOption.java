package io.mppfc.cli;

import io.mppfc.files.GroupMode;
import java.io.IOException;
import java.nio.file.Path;

/** {@code --shared-with-group}: the cache root made the team's first, so a bad group or root is bad input. */
final class TeamOption {

    private TeamOption() {
    }

    static void prepare(Path cache, String group) {
        if (group.isBlank()) {
            throw new UsageException("--shared-with-group: name the group whose members share the cache, e.g. physics");
        }
        try {
            GroupMode.prepareRoot(cache, group.strip());
        } catch (IllegalArgumentException | IOException e) {
            throw new UsageException("--shared-with-group: " + e.getMessage());
        }
    }
}
