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

    /** What a trainee leaves: its script, its scratch cache, unwritten since {@code written}. */
    private Path scratch(String name, Instant written) throws IOException {
        Path dir = Files.createDirectory(temp.resolve(name));
        Files.write(dir.resolve("frames"), new byte[] {1, 2, 3});
        Path cache = Files.createDirectory(dir.resolve("cache"));
        Files.writeString(cache.resolve(".mppfc-cache"), "marker");
        Files.createDirectories(cache.resolve("java.lang.Math.sqrt").resolve("00"));
        Files.setLastModifiedTime(dir, FileTime.from(written));
        return dir;
    }
}
