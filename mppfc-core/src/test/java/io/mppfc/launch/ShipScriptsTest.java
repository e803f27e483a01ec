package io.mppfc.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's side of shipping, run against real files by a real {@code sh} (dash on Debian:
 * the shell the launcher hands them to, and stricter than bash) and, for the starts, by bash.
 */
class ShipScriptsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run bash(String script, byte[] stdin) throws Exception {
        return bash(script, stdin, null);
    }

    private static Run bash(String script, byte[] stdin, String path) throws Exception {
        return shell("sh", script, stdin, path);
    }

    private static Run shell(String shell, String script, byte[] stdin, String path) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(shell, "-c", script);
        if (path != null) {
            builder.environment().put("PATH", path);
        }
        Process bash = builder.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(bash.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(bash.getErrorStream()));
        try (OutputStream in = bash.getOutputStream()) {
            in.write(stdin);
        } catch (java.io.IOException closedEarly) {
            // the script may stop reading; its exit says why
        }
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(bash.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private ShippedJar jar(String name, String content) throws Exception {
        Path file = Files.writeString(dir.resolve(name), content);
        return ShippedClasspath.of(file.toString()).jars().get(0);
    }

    /** java stood in for by printf, which shows the words it was given, one a line. */
    private static String start(Path jars, List<ShippedJar> shipped) {
        return ShipScripts.start(jars.toString(), List.of("printf", "%s\\n", "-Dx=it's"),
                shipped.stream().map(ShippedJar::sha256).toList(), 7);
    }

    @Test
    void whenEveryJarIsThereWithItsHashJavaRunsWithThemInClasspathOrder() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        ShippedJar b = jar("b.jar", "bbb");
        Path jars = Files.createDirectories(dir.resolve("host jars"));
        Files.copy(a.file(), jars.resolve(a.fileName()));
        Files.copy(b.file(), jars.resolve(b.fileName()));

        Run run = bash(start(jars, List.of(b, a)), new byte[0]);

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("-Dx=it's", "-cp",
                jars.resolve(b.fileName()) + ":" + jars.resolve(a.fileName()), Launcher.MAIN_CLASS);
    }

    @Test
    void aMissingJarAndOneReplacedByOtherBytesAreNamedAndJavaDoesNotRun() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        ShippedJar b = jar("b.jar", "bbb");
        ShippedJar c = jar("c.jar", "ccc");
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(a.file(), jars.resolve(a.fileName()));
        Files.writeString(jars.resolve(b.fileName()), "bbX"); // same name, same size, other bytes

        Run run = bash(start(jars, List.of(a, b, c)), new byte[0]);

        assertThat(run.exit()).isEqualTo(ShipScripts.EXIT_MISSING);
        assertThat(run.out()).as("nothing on the worker's protocol stream").isEmpty();
        assertThat(ShipScripts.missing(run.err().lines().toList())).isEqualTo(new ShipScripts.Missing(7,
                java.util.Set.of(b.sha256(), c.sha256())));
    }

    @Test
    void aHostWithTheCoordinatorsPathsRunsJavaWithThem() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Run run = bash(ShipScripts.startHereOrShipped(List.of("printf", "%s\\n"), List.of(a.file().toString()),
                a.file().toString(), start(dir.resolve("never/made"), List.of(a))), new byte[0]);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("-cp", a.file().toString(), Launcher.MAIN_CLASS);
    }

    @Test
    void aHostLackingOneOfTheCoordinatorsPathsRunsJavaWithTheShippedJars() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Files.copy(a.file(), jars.resolve(a.fileName()));
        Run run = bash(ShipScripts.startHereOrShipped(List.of("printf", "%s\\n"), List.of(a.file().toString(),
                dir.resolve("gone.jar").toString()), "x", start(jars, List.of(a))), new byte[0]);
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("-Dx=it's", "-cp", jars.resolve(a.fileName()).toString(),
                Launcher.MAIN_CLASS);
    }

    @Test
    void aHostLackingThePathsAndTheShippedJarsNamesTheJarsAndRunsNothing() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Run run = bash(ShipScripts.startHereOrShipped(List.of("printf", "%s\\n"),
                List.of(dir.resolve("gone.jar").toString()), "x", start(dir.resolve("never/made"), List.of(a))),
                new byte[0]);
        assertThat(run.exit()).isEqualTo(ShipScripts.EXIT_MISSING);
        assertThat(run.out()).isEmpty();
        assertThat(ShipScripts.missing(run.err().lines().toList())).isEqualTo(new ShipScripts.Missing(7,
                java.util.Set.of(a.sha256())));
    }

    private static byte[] tar(List<ShippedJar> jars, String... namesInstead) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarStream tar = new TarStream(out);
        for (int i = 0; i < jars.size(); i++) {
            ShippedJar jar = jars.get(i);
            tar.add(i < namesInstead.length ? namesInstead[i] : jar.fileName(), jar.file(), jar.size(), jar.sha256());
        }
        tar.finish();
        return out.toByteArray();
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aShipmentLandsUnderTheHashesAndLeavesNoTempBehind() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        ShippedJar b = jar("b.jar", "b".repeat(5000));
        Path jars = dir.resolve("new/jars");

        Run run = bash(ShipScripts.receive(jars.toString(), List.of(a.sha256(), b.sha256()), a.size() + b.size()),
                tar(List.of(a, b)));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(names(jars)).containsExactlyInAnyOrder(a.fileName(), b.fileName());
        assertThat(Files.readString(jars.resolve(b.fileName()))).isEqualTo("b".repeat(5000));
        assertThat(bash(start(jars, List.of(a, b)), new byte[0]).exit()).as("the start finds them").isZero();
    }

    @Test
    void aJarWhoseBytesDoNotMatchItsNameIsNotKept() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        ShippedJar forged = jar("forged.jar", "not aaa");
        Path jars = Files.createDirectories(dir.resolve("jars"));

        Run run = bash(ShipScripts.receive(jars.toString(), List.of(a.sha256()), a.size()),
                tar(List.of(forged), a.fileName()));

        assertThat(run.exit()).isEqualTo(ShipScripts.EXIT_NOT_STORED);
        assertThat(run.err()).contains(ShipScripts.DAMAGED + a.sha256());
        assertThat(names(jars)).as("neither the jar nor its temp directory").isEmpty();
    }

    @Test
    void aShipmentRemovesWhatKilledShipmentsAndStartsLeftADayAgoAndNothingElse() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        // a jar directory the user chose among files of their own: /scratch/me, their home
        Path jars = Files.createDirectories(dir.resolve("scratch"));
        Path photos = Files.createDirectories(jars.resolve(".tmp-photos"));
        Files.writeString(photos.resolve("holiday.jpg"), "a photo");
        Path notes = Files.writeString(jars.resolve(".ok-to-delete.txt"), "notes");
        Path killedShipment = Files.createDirectories(jars.resolve(".tmp-Ab3dE6gH"));
        Files.writeString(killedShipment.resolve(a.fileName()), "half a jar");
        Path killedStart = Files.writeString(jars.resolve(".ok-0123456789abcdef.4242"), "");
        Path killedStartsWait = Files.writeString(jars.resolve(".ok-0123456789abcdef.4242.w"), "");
        for (Path old : List.of(photos, notes, killedShipment, killedStart, killedStartsWait)) {
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                    java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        }

        Run run = bash(ShipScripts.receive(jars.toString(), List.of(a.sha256()), a.size()), tar(List.of(a)));

        assertThat(run.exit()).as(run.err()).isZero();
        // a sweep by the glob .tmp-* rm -rf'd the user's own directory of that name
        assertThat(names(jars)).containsExactlyInAnyOrder(a.fileName(), ".tmp-photos", ".ok-to-delete.txt");
        assertThat(photos.resolve("holiday.jpg")).hasContent("a photo");
    }

    @Test
    void aShipmentLeavesAnotherUsersTempDirectoryInASharedJarDirectory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "root, who can make a file of another user");
        ShippedJar a = jar("a.jar", "aaa");
        Path jars = Files.createDirectories(dir.resolve("shared"));
        Path theirs = Files.createDirectories(jars.resolve(".tmp-Zz9yY8xX"));
        Files.writeString(theirs.resolve("their.jar"), "theirs");
        Files.setAttribute(theirs, "unix:uid", 4242);
        Files.setLastModifiedTime(theirs, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));

        Run run = bash(ShipScripts.receive(jars.toString(), List.of(a.sha256()), a.size()), tar(List.of(a)));

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(names(jars)).containsExactlyInAnyOrder(a.fileName(), ".tmp-Zz9yY8xX");
    }

    @Test
    void aShipmentCutShortKeepsNothing() throws Exception {
        ShippedJar a = jar("a.jar", "a".repeat(100_000));
        Path jars = Files.createDirectories(dir.resolve("jars"));
        byte[] whole = tar(List.of(a));

        Run run = bash(ShipScripts.receive(jars.toString(), List.of(a.sha256()), a.size()),
                java.util.Arrays.copyOf(whole, 50_000));

        assertThat(run.exit()).isNotZero();
        assertThat(names(jars)).isEmpty();
    }

    @Test
    void aShipmentLargerThanTheFreeSpaceIsRefusedBeforeItIsReadNamingTheDirectory() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Path jars = Files.createDirectories(dir.resolve("jars"));
        long petabyte = 1L << 50;

        Run run = bash(ShipScripts.receive(jars.toString(), List.of(a.sha256()), petabyte), tar(List.of(a)));

        assertThat(run.exit()).isEqualTo(ShipScripts.EXIT_NOT_STORED);
        assertThat(run.err()).containsPattern(java.util.regex.Pattern.quote(ShipScripts.NO_ROOM) + "[0-9]+:"
                + (petabyte / 1024) + ":" + java.util.regex.Pattern.quote(jars.toString()));
        assertThat(names(jars)).isEmpty();
    }

    private Path hostWith(ShippedJar... jars) throws Exception {
        Path host = Files.createDirectories(dir.resolve("host"));
        for (ShippedJar jar : jars) {
            Files.copy(jar.file(), host.resolve(jar.fileName()));
        }
        return host;
    }

    @Test
    void aSecondStartOfUnchangedJarsNeedsNoHashing() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Path host = hostWith(a);
        assertThat(bash(start(host, List.of(a)), new byte[0]).exit()).as("the first start hashes").isZero();

        Path noHasher = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("find", "printf")) { // printf: the stand-in java
            Files.copy(Path.of("/usr/bin", tool), noHasher.resolve(tool), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        Run second = bash(start(host, List.of(a)), new byte[0], noHasher.toString());

        assertThat(second.exit()).as("neither sha256sum nor shasum on the PATH: " + second.err()).isZero();
        assertThat(second.out().lines()).contains(host.resolve(a.fileName()).toString());
    }

    @Test
    void aJarChangedAfterItsSetWasVerifiedIsHashedAgainAndNamedMissing() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        ShippedJar b = jar("b.jar", "bbb");
        Path host = hostWith(a, b);
        assertThat(bash(start(host, List.of(a, b)), new byte[0]).exit()).isZero();
        Files.writeString(host.resolve(b.fileName()), "bbX");

        Run run = bash(start(host, List.of(a, b)), new byte[0]);

        assertThat(run.exit()).isEqualTo(ShipScripts.EXIT_MISSING);
        assertThat(ShipScripts.missing(run.err().lines().toList()).hashes()).containsExactly(b.sha256());
    }

    @Test
    void aJarMissingAfterItsSetWasVerifiedIsNamedMissing() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        ShippedJar b = jar("b.jar", "bbb");
        Path host = hostWith(a, b);
        assertThat(bash(start(host, List.of(a, b)), new byte[0]).exit()).isZero();
        Files.delete(host.resolve(a.fileName()));

        Run run = bash(start(host, List.of(a, b)), new byte[0]);

        assertThat(run.exit()).isEqualTo(ShipScripts.EXIT_MISSING);
        assertThat(ShipScripts.missing(run.err().lines().toList()).hashes()).containsExactly(a.sha256());
    }

    /** bash and dash differ where it matters here (a failed redirection of a special built-in). */
    @Test
    void bashRunsTheStartsAsShDoes() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Path host = hostWith(a);
        Run first = shell("bash", start(host, List.of(a)), new byte[0], null);
        Run later = shell("bash", start(host, List.of(a)), new byte[0], null);
        Files.delete(host.resolve(a.fileName()));
        Run missing = shell("bash", start(host, List.of(a)), new byte[0], null);

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(later.exit()).as(later.err()).isZero();
        assertThat(missing.exit()).isEqualTo(ShipScripts.EXIT_MISSING);
    }

    @Test
    void aStartWhoseJarDirectoryDoesNotExistNamesEveryJar() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Run run = bash(start(dir.resolve("never/made"), List.of(a)), new byte[0]);
        assertThat(run.exit()).as(run.err()).isEqualTo(ShipScripts.EXIT_MISSING);
        assertThat(ShipScripts.missing(run.err().lines().toList()).hashes()).containsExactly(a.sha256());
    }

    @Test
    void aStartWhoseJarDirectoryDoesNotExistWritesOnlyItsNoteToStderr() throws Exception {
        ShippedJar a = jar("a.jar", "aaa");
        Run run = bash(start(dir.resolve("never/made"), List.of(a)), new byte[0]);
        assertThat(run.err().lines()).as("no complaint of the shell's").singleElement()
                .satisfies(line -> assertThat(io.mppfc.protocol.StartNote.is(line)).isTrue());
    }

    /** Two coordinators shipping the same jars to one host at once, each in its own connection. */
    @Test
    void twoShipmentsOfTheSameJarsAtOnceLeaveOneWholeCopyOfEach() throws Exception {
        ShippedJar a = jar("a.jar", "a".repeat(3_000_000));
        ShippedJar b = jar("b.jar", "b".repeat(2_000_000));
        Path jars = dir.resolve("jars");
        byte[] tar = tar(List.of(a, b));
        String receive = ShipScripts.receive(jars.toString(), List.of(a.sha256(), b.sha256()), a.size() + b.size());

        List<CompletableFuture<Run>> both = new java.util.ArrayList<>();
        for (int i = 0; i < 2; i++) {
            both.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return bash(receive, tar);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, runnable -> new Thread(runnable).start()));
        }

        for (CompletableFuture<Run> run : both) {
            assertThat(run.get().exit()).as(run.get().err()).isZero();
        }
        assertThat(names(jars)).containsExactlyInAnyOrder(a.fileName(), b.fileName());
        assertThat(Files.mismatch(jars.resolve(a.fileName()), a.file())).isEqualTo(-1);
        assertThat(Files.mismatch(jars.resolve(b.fileName()), b.file())).isEqualTo(-1);
    }
}
