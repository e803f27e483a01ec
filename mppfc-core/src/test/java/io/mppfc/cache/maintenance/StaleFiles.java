package io.mppfc.cache.maintenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Files planted for sweeps to leave alone. */
final class StaleFiles {

    private StaleFiles() {
    }

    /** {@code file}, now owned by {@code nobody}; the test is skipped where only root may do that. */
    static Path givenToAnotherUser(Path file) {
        try {
            Files.setOwner(file, file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        } catch (IOException e) {
            Assumptions.abort("giving a file to another user needs root: " + e);
        }
        return file;
    }
}
