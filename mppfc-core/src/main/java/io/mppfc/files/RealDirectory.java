package io.mppfc.files;

import java.nio.file.Path;

/**
 * A directory that one {@code lstat} found to be a real directory (not a link to one), with what
 * that look saw: its mode, which decides the mode of files created in it ({@link GroupMode}),
 * and its identity, by which a writer knows it is still the directory it checked before.
 *
 * @param path the directory
 * @param mode its type and permission bits, with the setgid bit where it is group-writable (what decides
 *     whether it is shared with its group, {@link GroupMode#sharedWithGroup}); -1 where the file system has
 *     no {@code unix} view
 * @param identity its file key (device and inode), or null where the file system has none
 * @since 0.5
 */
public record RealDirectory(Path path, int mode, Object identity) {
}
