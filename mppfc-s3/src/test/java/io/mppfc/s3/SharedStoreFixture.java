package io.mppfc.s3;

import io.mppfc.cache.CacheMarker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the shared-store tests start from: a real S3 server of their own (s3proxy), what the
 * library logged during the test, and cache roots in a temp directory.
 */
abstract class SharedStoreFixture {

    @RegisterExtension
    final LogCapture log = new LogCapture();
    @RegisterExtension
    final S3ProxyServer server = new S3ProxyServer();
    @TempDir
    Path temp;
    private int roots;

    /** A cache root of its own ({@code root0}, {@code root1}, ...), made, empty. */
    Path newRoot() throws IOException {
        return Files.createDirectories(temp.resolve("root" + roots++));
    }

    /** The cache root {@code name}, made and marked, as the commands that rewrite a cache ask. */
    Path markedRoot(String name) throws IOException {
        Path root = Files.createDirectories(temp.resolve(name));
        CacheMarker.markRoot(root);
        return root;
    }
}
