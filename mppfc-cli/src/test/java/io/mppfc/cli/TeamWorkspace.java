package io.mppfc.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A directory both {@link TeamUsers} can read (a test's own temp directory is owner-only): the
 * real jar, the fixture classes, and the team's project directory as an administrator makes one,
 * the group's and setgid.
 */
record TeamWorkspace(Path root, Path project) {

    static TeamWorkspace create(String prefix) throws IOException {
        Path root = Files.createTempDirectory(prefix);
        Files.copy(CliProcess.JAR, root.resolve("mppfc.jar"));
        Path fixtures = Path.of(CliProcess.FIXTURES);
        try (Stream<Path> all = Files.walk(fixtures.resolve("io/mppfc/cli/fixtures"))) {
            for (Path p : all.toList()) {
                Path target = root.resolve("classes").resolve(fixtures.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setAttribute(p, "unix:mode", Files.isDirectory(p) ? 0755 : 0644);
            }
        }
        Path project = Files.createDirectory(root.resolve("project"));
        Files.setAttribute(project, "posix:group", project.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName(TeamUsers.GROUP));
        Files.setAttribute(project, "unix:mode", 02770);
        return new TeamWorkspace(root, project);
    }

    Path classes() {
        return root.resolve("classes");
    }

    /** A file both users can read. */
    Path write(String name, String text) throws IOException {
        Path file = root.resolve(name);
        Files.writeString(file, text);
        Files.setAttribute(file, "unix:mode", 0644);
        return file;
    }

    void delete() throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
