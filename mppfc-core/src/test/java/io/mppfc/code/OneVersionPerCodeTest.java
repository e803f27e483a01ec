package io.mppfc.code;

import static io.mppfc.code.UserBuildFixture.HELPER;
import static io.mppfc.code.UserBuildFixture.LIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same classes give one code version however they are laid out and whichever JDK compiled them. */
class OneVersionPerCodeTest {

    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/javac");

    @TempDir
    Path dir;

    @Test
    void classDirectoriesAndJarsGiveOneVersion() throws IOException {
        UserBuildFixture.Compiled built = UserBuildFixture.compile(dir, HELPER, LIB, List.of());
        Path lib = libraryJar(built);
        String directories = UserBuildFixture.version(built.app(), built.helpers(), lib);

        Path app = UserBuildFixture.jar(dir.resolve("app/target/app-1.0.jar"), List.of(built.app()),
                List.<String[]>of(new String[] {"com.acme", "app"}));
        Path helpers = UserBuildFixture.jar(dir.resolve("repository/com/acme/helpers/1.0/helpers-1.0.jar"),
                List.of(built.helpers()), List.<String[]>of(new String[] {"com.acme", "helpers"}));
        assertThat(UserBuildFixture.version(app, helpers, lib)).isEqualTo(directories);
    }

    @Test
    void aFatJarGivesTheVersionOfItsPartsAsClassDirectories() throws IOException {
        UserBuildFixture.Compiled built = UserBuildFixture.compile(dir, HELPER, LIB, List.of());
        String directories = UserBuildFixture.version(built.app(), built.helpers(), libraryJar(built));

        Path fat = UserBuildFixture.jar(dir.resolve("dist/app-1.0.jar"), List.of(built.app(), built.helpers(),
                built.lib()), List.of(new String[] {"com.acme", "app"}, new String[] {"com.acme", "helpers"},
                new String[] {"org.lib", "lib"}));
        assertThat(UserBuildFixture.version(fat)).isEqualTo(directories);
    }

    @Test
    void jdk25sJavacGivesTheVersionOfJdk17s() throws IOException {
        assumeTrue(Files.isExecutable(JDK_25), "no JDK 25 at " + JDK_25);
        UserBuildFixture.Compiled by17 = UserBuildFixture.compile(dir.resolve("17"), HELPER, LIB, List.of());
        String version17 = UserBuildFixture.version(by17.app(), by17.helpers(), libraryJar(by17));

        UserBuildFixture.Compiled release17 = UserBuildFixture.compile(dir.resolve("25-release-17"), HELPER, LIB,
                List.of(JDK_25.toString(), "--release", "17"));
        assertThat(UserBuildFixture.version(release17.app(), release17.helpers(), libraryJar(release17)))
                .as("JDK 25's javac --release 17").isEqualTo(version17);
        UserBuildFixture.Compiled by25 = UserBuildFixture.compile(dir.resolve("25"), HELPER, LIB,
                List.of(JDK_25.toString()));
        assertThat(UserBuildFixture.version(by25.app(), by25.helpers(), libraryJar(by25)))
                .as("JDK 25's javac, class files of version 69").isEqualTo(version17);
    }

    @Test
    void classFilesOfAVersionNewerThanTheBytecodeReaderKnowsGiveTheVersionOfTheSameCode() throws IOException {
        UserBuildFixture.Compiled built = UserBuildFixture.compile(dir, HELPER, LIB, List.of());
        Path lib = libraryJar(built);
        String before = UserBuildFixture.version(built.app(), built.helpers(), lib);
        try (var files = Files.walk(dir.resolve("app"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                bytes[6] = 0;
                bytes[7] = 99; // a JDK 55 writes these
                Files.write(file, bytes);
            }
        }
        assertThat(UserBuildFixture.version(built.app(), built.helpers(), lib)).isEqualTo(before);
    }

    private Path libraryJar(UserBuildFixture.Compiled built) throws IOException {
        return UserBuildFixture.jar(built.lib().getParent().getParent().getParent()
                .resolve("repository/org/lib/lib/1.0/lib-1.0.jar"), List.of(built.lib()),
                List.<String[]>of(new String[] {"org.lib", "lib"}));
    }
}
