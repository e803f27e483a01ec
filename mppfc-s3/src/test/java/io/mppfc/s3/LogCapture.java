package io.mppfc.s3;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the library logged during one test: the tests' log goes to a file (the parent pom's
 * {@code org.slf4j.simpleLogger.logFile}), and this reads what was appended since the test began.
 */
final class LogCapture implements BeforeEachCallback {

    private Path file;
    private long start;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        String name = System.getProperty("org.slf4j.simpleLogger.logFile");
        file = name == null || name.startsWith("System.") ? null : Path.of(name);
        start = file != null && Files.exists(file) ? Files.size(file) : 0;
    }

    String text() throws IOException {
        if (file == null || !Files.exists(file)) {
            return "";
        }
        byte[] all = Files.readAllBytes(file);
        return new String(Arrays.copyOfRange(all, (int) Math.min(start, all.length), all.length), StandardCharsets.UTF_8);
    }

    /** How many times {@code part} occurs in what was logged. */
    int count(String part) throws IOException {
        String all = text();
        int n = 0;
        for (int at = all.indexOf(part); at >= 0; at = all.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
