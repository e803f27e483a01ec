package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trainee killed before its {@code sh} removed its scratch leaves it in the temp directory; the next training removes it, and only it. */
class TraineeScratchTest {

    private static final Instant NOW = Instant.parse("2026-12-07T22:00:00Z");
    private static final Instant TWO_DAYS_AGO = NOW.minus(Duration.ofDays(2));

    @TempDir
    Path temp;
    Path own;

    @BeforeEach
    void ownScratch() throws IOException {
        own = Files.createDirectory(temp.resolve("mppfc-trainee1"));
    }

    @Test
    void aScratchLeftLongAgoWithATraineesFilesIsRemoved() throws IOException {
        Path left = scratch("mppfc-trainee8046531987701723390", TWO_DAYS_AGO);
        TraineeScratch.sweep(own, NOW);
        assertThat(left).doesNotExist();
        assertThat(own).isDirectory();
    }

    @Test
    void aScratchWrittenWithinTheAgeIsLeft() throws IOException {
        Path recent = scratch("mppfc-trainee42", NOW.minus(Duration.ofHours(2)));
        TraineeScratch.sweep(own, NOW);
        assertThat(recent).isDirectory();
    }

    @Test
    void aDirectoryOfThatNameHoldingAnythingElseIsLeftHoweverOld() throws IOException {
        Path someones = scratch("mppfc-trainee43", TWO_DAYS_AGO);
        Files.writeString(someones.resolve("thesis.tex"), "\\documentclass{book}");
        Files.setLastModifiedTime(someones, FileTime.from(TWO_DAYS_AGO));
        Path otherCache = scratch("mppfc-trainee44", TWO_DAYS_AGO);
        Files.createDirectory(otherCache.resolve("cache").resolve("com.example.Model.fit"));
        Files.setLastModifiedTime(otherCache, FileTime.from(TWO_DAYS_AGO));
        TraineeScratch.sweep(own, NOW);
        assertThat(someones.resolve("thesis.tex")).exists();
        assertThat(otherCache.resolve("cache").resolve("com.example.Model.fit")).isDirectory();
    }

    @Test
    void otherNamesAndLinksAreLeftAndTheLinksTargetIsNotEntered() throws IOException {
        Path elsewhere = scratch("elsewhere", TWO_DAYS_AGO);
        Path link = Files.createSymbolicLink(temp.resolve("mppfc-trainee45"), elsewhere);
        Path otherName = scratch("mppfc-trainee-notes", TWO_DAYS_AGO);
        TraineeScratch.sweep(own, NOW);
        assertThat(link).isSymbolicLink();
        assertThat(elsewhere.resolve("frames")).exists();
        assertThat(otherName).isDirectory();
    }

    @Test
    void aFramesDirectoryHoldingAUsersFilesIsLeft() throws IOException {
        Path users = Files.createDirectory(temp.resolve("mppfc-trainee46"));
        Files.createDirectory(users.resolve("frames"));
        Files.write(users.resolve("frames").resolve("0001.png"), new byte[] {1});
        Files.setLastModifiedTime(users, FileTime.from(TWO_DAYS_AGO));
        TraineeScratch.sweep(own, NOW);
        assertThat(users.resolve("frames").resolve("0001.png")).exists();
    }

    @Test
    void aDirectoryNamedLikeAStartedSlotIsLeft() throws IOException {
        Path users = scratch("mppfc-trainee47", TWO_DAYS_AGO);
        Files.createDirectory(users.resolve("mppfc-started-notes"));
        Files.writeString(users.resolve("mppfc-started-notes").resolve("todo.txt"), "everything");
        Files.setLastModifiedTime(users, FileTime.from(TWO_DAYS_AGO));
        TraineeScratch.sweep(own, NOW);
        assertThat(users.resolve("mppfc-started-notes").resolve("todo.txt")).exists();
    }

    @Test
    void aScratchHoldingAnotherUsersFileIsLeft() throws IOException {
        Path dir = scratch("mppfc-trainee48", TWO_DAYS_AGO);
        try {
            Files.setOwner(dir.resolve("frames"), temp.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("nobody"));
        } catch (IOException e) {
            org.junit.jupiter.api.Assumptions.abort("giving a file to another user needs root: " + e);
        }
        Files.setLastModifiedTime(dir, FileTime.from(TWO_DAYS_AGO));
        TraineeScratch.sweep(own, NOW);
        assertThat(dir.resolve("frames")).exists();
    }

    @Test
    void aScratchOthersMayWriteInIsLeft() throws IOException {
        Path open = scratch("mppfc-trainee49", TWO_DAYS_AGO);
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        Files.setLastModifiedTime(open, FileTime.from(TWO_DAYS_AGO));
        TraineeScratch.sweep(own, NOW);
        assertThat(open.resolve("frames")).exists();
    }

    @Test
    void aFunctionDirectoryHoldingMoreThanOneResultsFilesIsLeft() throws IOException {
        Path dir = scratch("mppfc-trainee50", TWO_DAYS_AGO);
        Path function = dir.resolve("cache").resolve("java.lang.Math.sqrt");
        for (int i = 0; i < 100; i++) {
            Files.write(function.resolve("photo" + i + ".jpg"), new byte[] {1});
        }
        Files.setLastModifiedTime(dir, FileTime.from(TWO_DAYS_AGO));
        TraineeScratch.sweep(own, NOW);
        assertThat(function.resolve("photo0.jpg")).exists();
    }

    /** What a trainee leaves: its script, its scratch cache, unwritten since {@code written}. */
    private Path scratch(String name, Instant written) throws IOException {
        Path dir = Files.createDirectory(temp.resolve(name));
        Files.write(dir.resolve("frames"), new byte[10_298]);
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Files.writeString(cache.resolve(".mppfc-cache"), "marker");
        // as seen in a running trainee's scratch
        Path function = Files.createDirectories(cache.resolve("java.lang.Math.sqrt"));
        Files.write(Files.createDirectory(function.resolve("000")).resolve("0".repeat(64)), new byte[108]);
        Files.write(Files.createDirectory(function.resolve("packs")).resolve("pack-000000000000-fb84e649cb09ec0a.mpk"),
                new byte[1140]);
        Files.write(function.resolve("in-use"), new byte[0]);
        Files.write(function.resolve("layout"), new byte[21]);
        Files.write(dir.resolve("mppfc-started-18040-4026531836-a1e9350df18a4be2"), new byte[32]);
        Files.setLastModifiedTime(dir, FileTime.from(written));
        return dir;
    }
}
