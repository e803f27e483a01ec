package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunction1;
import io.mppfc.cache.failure.FailureRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A link in place of a function's failures directory is never read through: what mppfc failures shows is the truth. */
class KnownFailuresLinkTest {

    @TempDir
    Path root;

    @Test
    void aSymlinkedFailuresDirectoryIsNotReadThroughBySkipKnownFailures() throws Exception {
        Path directory;
        try (MultiProcCachedFunction1<Integer, Integer> f = Mppfc.cache(TestFunctions::failing).path(root).build()) {
            assertThat(catchThrowable(() -> f.apply(1))).isInstanceOf(IllegalArgumentException.class);
            directory = f.cacheDir();
        }
        Path elsewhere = Files.move(directory.resolve("failures"), root.resolve("planted"));
        Files.createSymbolicLink(directory.resolve("failures"), elsewhere);
        assertThat(new FailureRecords(directory).all()).as("what mppfc failures lists").isEmpty();
        try (MultiProcCachedFunction1<Integer, Integer> again = Mppfc.cache(TestFunctions::failing).path(root)
                .skipKnownFailures(true).build()) {
            Throwable thrown = catchThrowable(() -> again.apply(1));
            assertThat(thrown).as("computed again, not answered through the link")
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("odd input 1");
        }
    }
}
