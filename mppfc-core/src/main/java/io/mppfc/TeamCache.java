package io.mppfc;

import io.mppfc.files.GroupMode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A builder's {@link CacheBuilder#sharedWithGroup}: its root made the team's before anything is written there. */
final class TeamCache {

    private TeamCache() {
    }

    static void prepare(CacheSettings<?> settings) {
        if (settings.readOnly) {
            throw new IllegalArgumentException("sharedWithGroup makes a cache the team's and readOnly(true) never "
                    + "writes one: give one of them (a read-only program reads a team's cache without the option)");
        }
        try {
            GroupMode.prepareRoot(settings.path, settings.group);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sharedWithGroup(\"" + settings.group + "\"): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("sharedWithGroup(\"" + settings.group + "\"): " + e.getMessage(), e);
        }
    }
}
