package io.mppfc.code;

import static io.mppfc.code.UserBuildFixture.HELPER;
import static io.mppfc.code.UserBuildFixture.LIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's other modules are own code however they reach the classpath; a third-party
 * library is not. Each case builds the two modules and the library with javac, edits the helper
 * module (or the library), builds again and compares the code versions of
 * {@code com.acme.app.Main.run}.
 */
class UserBuildTest {

    private static final String HELPER_EDITED = HELPER.replace("x * 3", "x * 4");
    private static final String LIB_EDITED = LIB.replace("x * 2", "x * 5");
    private static final String[] APP = {"com.acme", "app"};
    private static final String[] HELPERS = {"com.acme", "helpers"};
    private static final String[] LIBRARY = {"org.lib", "lib"};

    @TempDir
    Path dir;
    private int builds;

    /** How one build is put on the classpath. */
    private interface Layout {
        Path[] classpath(Path build, UserBuildFixture.Compiled compiled) throws IOException;
    }

    @Test
    void theReactorsClassDirectoriesAreOwnCode() throws IOException {
        Layout reactor = (build, c) -> new Path[] {c.app(), c.helpers(), libraryJar(build, c)};
        assertThat(version(reactor, HELPER_EDITED, LIB)).isNotEqualTo(version(reactor, HELPER, LIB));
        assertThat(version(reactor, HELPER, LIB_EDITED)).isEqualTo(version(reactor, HELPER, LIB));
    }

    @Test
    void aSiblingModulesJarInItsTargetDirectoryIsOwnCode() throws IOException {
        // no pom.properties: built beside the module's pom.xml is enough
        Layout sibling = (build, c) -> new Path[] {c.app(), UserBuildFixture.jar(build.resolve(
                "helpers/target/helpers-1.0.jar"), List.of(c.helpers()), List.of()), libraryJar(build, c)};
        assertThat(version(sibling, HELPER_EDITED, LIB)).isNotEqualTo(version(sibling, HELPER, LIB));
        assertThat(version(sibling, HELPER, LIB_EDITED)).isEqualTo(version(sibling, HELPER, LIB));
    }

    @Test
    void aJarOfTheProjectsGroupInTheLocalRepositoryIsOwnCode() throws IOException {
        Layout installed = (build, c) -> new Path[] {
            UserBuildFixture.jar(build.resolve("repository/com/acme/app/1.0/app-1.0.jar"), List.of(c.app()),
                    List.<String[]>of(APP)),
            UserBuildFixture.jar(build.resolve("repository/com/acme/helpers/1.0/helpers-1.0.jar"),
                    List.of(c.helpers()), List.<String[]>of(HELPERS)),
            libraryJar(build, c)};
        assertThat(version(installed, HELPER_EDITED, LIB)).isNotEqualTo(version(installed, HELPER, LIB));
        assertThat(version(installed, HELPER, LIB_EDITED)).as("a library of another group")
                .isEqualTo(version(installed, HELPER, LIB));
    }

    @Test
    void theClassDirectoryOfTheFunctionTakesTheGroupFromItsPomForJarsOfTheLocalRepository() throws IOException {
        Layout ide = (build, c) -> new Path[] {c.app(),
            UserBuildFixture.jar(build.resolve("repository/com/acme/helpers/1.0/helpers-1.0.jar"),
                    List.of(c.helpers()), List.<String[]>of(HELPERS)),
            libraryJar(build, c)};
        assertThat(version(ide, HELPER_EDITED, LIB)).isNotEqualTo(version(ide, HELPER, LIB));
        assertThat(version(ide, HELPER, LIB_EDITED)).isEqualTo(version(ide, HELPER, LIB));
    }

    @Test
    void inAFatJarEachClassIsDecidedByItsPackage() throws IOException {
        Layout fat = (build, c) -> new Path[] {UserBuildFixture.jar(build.resolve("dist/app-1.0.jar"),
                List.of(c.app(), c.helpers(), c.lib()), List.of(APP, HELPERS, LIBRARY))};
        assertThat(version(fat, HELPER_EDITED, LIB)).isNotEqualTo(version(fat, HELPER, LIB));
        assertThat(version(fat, HELPER, LIB_EDITED)).isEqualTo(version(fat, HELPER, LIB));
    }

    private String version(Layout layout, String helper, String lib) throws IOException {
        Path build = dir.resolve("build" + ++builds);
        UserBuildFixture.Compiled compiled = UserBuildFixture.compile(build, helper, lib, List.of());
        return UserBuildFixture.version(layout.classpath(build, compiled));
    }

    private static Path libraryJar(Path build, UserBuildFixture.Compiled compiled) throws IOException {
        return UserBuildFixture.jar(build.resolve("repository/org/lib/lib/1.0/lib-1.0.jar"), List.of(compiled.lib()),
                List.<String[]>of(LIBRARY));
    }
}
