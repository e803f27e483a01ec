package io.mppfc.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real two-module Maven build ({@code mvn -o package}, offline, with the plugin versions this
 * project builds with, so nothing is downloaded and nothing installed): the function's module
 * depends on a helper module, whose jar and class directory are own code, and whose edit
 * changes the code version.
 */
class RealMavenBuildTest {

    private static final String PLUGINS = """
            <plugin><artifactId>maven-resources-plugin</artifactId><version>3.5.0</version></plugin>
            <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.16.0</version></plugin>
            <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.6.1</version></plugin>
            <plugin><artifactId>maven-jar-plugin</artifactId><version>3.5.1</version></plugin>
            """;
    private static final String HELPER = "package com.acme.helpers;\n\npublic class Helper {\n"
            + "    public static double scale(double x) {\n        return x * 3;\n    }\n}\n";

    @TempDir
    Path dir;

    @Test
    void aHelperModuleEditedAndRebuiltByMavenChangesTheVersionAndItsJarsAgreeWithItsClassDirectories()
            throws Exception {
        project();
        mvn("package");
        Path appJar = dir.resolve("app/target/app-1.0.jar");
        Path helpersJar = dir.resolve("helpers/target/helpers-1.0.jar");
        String jars = UserBuildFixture.version(appJar, helpersJar);
        assertThat(UserBuildFixture.version(dir.resolve("app/target/classes"), dir.resolve("helpers/target/classes")))
                .as("the reactor's class directories, as an IDE runs them").isEqualTo(jars);

        Files.writeString(dir.resolve("helpers/src/main/java/com/acme/helpers/Helper.java"),
                HELPER.replace("x * 3", "x * 4"));
        mvn("-pl", "helpers", "package");
        assertThat(UserBuildFixture.version(appJar, helpersJar)).as("the helper module edited").isNotEqualTo(jars);
    }

    private void project() throws IOException {
        Files.writeString(dir.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.acme</groupId>
                  <artifactId>parent</artifactId>
                  <version>1.0</version>
                  <packaging>pom</packaging>
                  <modules><module>helpers</module><module>app</module></modules>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <build><pluginManagement><plugins>
                %s  </plugins></pluginManagement></build>
                </project>
                """.formatted(PLUGINS));
        module("helpers", "", "com/acme/helpers/Helper.java", HELPER);
        module("app", "<dependencies><dependency><groupId>com.acme</groupId><artifactId>helpers</artifactId>"
                + "<version>1.0</version></dependency></dependencies>", "com/acme/app/Main.java",
                "package com.acme.app;\n\npublic class Main {\n    public static double run(double x) {\n"
                        + "        return com.acme.helpers.Helper.scale(x) + 1;\n    }\n}\n");
    }

    private void module(String name, String dependencies, String sourcePath, String source) throws IOException {
        Path module = Files.createDirectories(dir.resolve(name));
        Files.writeString(module.resolve("pom.xml"), """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <parent><groupId>com.acme</groupId><artifactId>parent</artifactId><version>1.0</version></parent>
                  <artifactId>%s</artifactId>
                  %s
                </project>
                """.formatted(name, dependencies));
        Path file = module.resolve("src/main/java").resolve(sourcePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
    }

    private void mvn(String... goals) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("mvn", "-B", "-q", "-o"));
        command.addAll(List.of(goals));
        Path log = dir.resolve("mvn.log");
        Process maven;
        try {
            maven = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mvn on the PATH: " + e.getMessage());
            return;
        }
        maven.getOutputStream().close();
        boolean finished = maven.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            maven.destroyForcibly();
        }
        assertThat(finished).as("mvn finished within 5 minutes").isTrue();
        // offline: a local repository without this project's plugin versions cannot build it
        assumeTrue(maven.exitValue() == 0, () -> command + " failed:\n" + read(log));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
