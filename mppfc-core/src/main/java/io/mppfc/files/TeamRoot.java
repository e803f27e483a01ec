package io.mppfc.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

/**
 * Makes a cache root a team's: of the group, setgid, 2770 ({@link GroupMode#prepareRoot}). Only
 * a root that does not exist yet, or is this user's and empty, is changed: a cache of files made
 * owner-only is the user's to share, with the commands the refusal names.
 */
final class TeamRoot {

    private TeamRoot() {
    }

    static void prepare(Path root, String groupName) throws IOException {
        if (!GroupMode.UNIX) {
            throw new IOException("a cache shared with a group needs a file system with POSIX permissions; "
                    + root + " has none");
        }
        GroupPrincipal group = lookUp(root, groupName);
        Path absolute = root.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.exists(p); p = p.getParent()) {
            missing.push(p);
        }
        while (!missing.isEmpty()) {
            Path dir = missing.pop();
            try {
                // the parents too: a member of the group must reach the root through them
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                giveTo(dir, group, groupName);
            } catch (FileAlreadyExistsException e) {
                // made by another process meanwhile: judged below like any root that is there
            }
        }
        if (!Files.isDirectory(absolute)) {
            throw new FileSystemException(absolute.toString(), null, "the cache root is not a directory");
        }
        GroupPrincipal now = Files.readAttributes(absolute, java.nio.file.attribute.PosixFileAttributes.class).group();
        if (GroupMode.sharedGroupId(absolute) >= 0) {
            if (!now.equals(group)) {
                throw new IOException("the cache " + absolute + " is shared with group " + now.getName() + ", not "
                        + groupName + "; name that group, or another directory for a cache of " + groupName);
            }
            return;
        }
        boolean mine = Files.getOwner(absolute).getName().equals(System.getProperty("user.name"));
        boolean empty = isEmpty(absolute);
        if (mine && empty) {
            giveTo(absolute, group, groupName);
            if (GroupMode.sharedGroupId(absolute) < 0) {
                // what the root's mode records would be lost: every file made there would be owner-only
                throw new IOException("the file system of " + absolute + " does not keep the setgid bit of a directory, "
                        + "which a cache shared with a group needs; put the cache on a POSIX file system (local, NFS)");
            }
            return;
        }
        throw new IOException("the cache " + absolute + " is not shared with a group (it is "
                + (empty ? "another user's" : "not empty") + "); name a new or empty directory of yours, or "
                + "let its owner share it with " + groupName + ": chgrp -R " + groupName + " " + absolute
                + " && chmod -R g+rwX,o-rwx " + absolute + " && find " + absolute + " -type d -exec chmod g+s {} +");
    }

    private static GroupPrincipal lookUp(Path root, String groupName) throws IOException {
        try {
            return root.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(groupName);
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalArgumentException("there is no group named " + groupName + " on this machine "
                    + "(getent group lists them); name the group whose members share the cache");
        }
    }

    /** The group's, then setgid and 2770, in that order: changing the group may clear the setgid bit. */
    private static void giveTo(Path dir, GroupPrincipal group, String groupName) throws IOException {
        try {
            Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setGroup(group);
        } catch (FileSystemException e) {
            if ("Operation not permitted".equals(e.getReason())) { // the owner may give it only to a group of theirs
                throw new IllegalArgumentException("cannot give " + dir + " to group " + groupName + ": "
                        + System.getProperty("user.name") + " is not a member of it (id shows your groups; "
                        + "after being added, log in again)");
            }
            throw e;
        }
        Files.setAttribute(dir, "unix:mode", GroupMode.DIRECTORY, LinkOption.NOFOLLOW_LINKS);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        }
    }
}
