package io.mppfc.cache.failure;

import io.mppfc.cache.CacheKey;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where one code version's failure records are: {@code <function>/failures/<key>}.
 *
 * @param functionDirectory the code version's directory
 * @param directory its {@code failures} directory
 * @param functionId what each record here names as its function directory
 * @param readOnly whether nothing here may be changed (a damaged record is then ignored where it is)
 */
record RecordDirectory(Path functionDirectory, Path directory, byte[] functionId, boolean readOnly) {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");

    /** The file of a key's record, whether or not there is one. */
    Path file(CacheKey key) {
        return directory.resolve(key.hex());
    }

    /** The regular files named as records; none when {@code failures} is missing or not a directory (never read through a link). */
    List<Path> list() throws IOException {
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return files;
        }
        try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
            for (Path child : children) {
                if (NAME.matcher(child.getFileName().toString()).matches()
                        && Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS)) {
                    files.add(child);
                }
            }
        }
        return files;
    }
}
