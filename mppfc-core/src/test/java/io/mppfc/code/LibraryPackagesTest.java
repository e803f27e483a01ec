package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * mppfc's own packages are listed by name, so a package added later (a split of one) is the
 * user's code until it is listed: its classes in a user's fat jar would be fingerprinted.
 */
class LibraryPackagesTest {

    @Test
    void everyPackageOfTheLibraryIsTakenForMppfcsOwnCode() throws Exception {
        Path classes = Path.of(OwnCode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> packages;
        try (Stream<Path> files = Files.walk(classes)) {
            packages = files.filter(f -> f.getFileName().toString().endsWith(".class"))
                    .map(f -> classes.relativize(f.getParent()).toString().replace('\\', '/'))
                    .filter(p -> !p.isEmpty() && !p.startsWith("META-INF")).distinct().sorted().toList();
        }
        assertThat(packages).as("the library's packages, read from " + classes).contains("io/mppfc", "io/mppfc/cache");
        assertThat(packages).allSatisfy(p -> assertThat(OwnCode.library(p + "/AnyClass")).as(p).isTrue());
    }
}
