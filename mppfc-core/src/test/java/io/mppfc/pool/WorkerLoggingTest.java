package io.mppfc.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerLoggingTest {

    private static final String SIMPLE = "org.slf4j.simple.SimpleServiceProvider";
    private static final String SERVICE_FILE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

    @TempDir
    Path root;

    private static String ownClasspath() {
        return System.getProperty("java.class.path");
    }

    @Test
    void aWorkerOnThisJvmsClasspathIsToldItsOneProvider() {
        assertThat(WorkerLogging.jvmOptions(ownClasspath()))
                .containsExactly("-D" + WorkerLogging.PROVIDER_PROPERTY + "=" + SIMPLE);
    }

    @Test
    void theSameEntriesInAnotherOrderAreTheSameClasspath() {
        List<String> entries = new ArrayList<>(Arrays.asList(ownClasspath().split(File.pathSeparator)));
        Collections.reverse(entries); // the jars first, as a worker mapping a trainee's class data runs
        assertThat(WorkerLogging.jvmOptions(String.join(File.pathSeparator, entries)))
                .containsExactly("-D" + WorkerLogging.PROVIDER_PROPERTY + "=" + SIMPLE);
    }

    @Test
    void aWorkerOnAClasspathOfItsOwnIsToldNothing() {
        String withoutSimple = Arrays.stream(ownClasspath().split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-simple")).collect(Collectors.joining(File.pathSeparator));
        assertThat(WorkerLogging.jvmOptions(withoutSimple)).isEmpty();
        assertThat(WorkerLogging.jvmOptions(ownClasspath() + File.pathSeparator + root)).isEmpty();
    }

    @Test
    void aClasspathWithoutServiceFilesHasNoProvider() throws IOException {
        assertThat(providerOf(entry("empty"))).isEmpty();
    }

    @Test
    void theOneProviderIsFoundWhateverTheCommentsAndBlankLines() throws IOException {
        assertThat(providerOf(entry("one", "# the provider\n\n  com.example.One  # ours\n"))).isEqualTo("com.example.One");
    }

    @Test
    void oneProviderNamedInTwoEntriesIsOne() throws IOException {
        assertThat(providerOf(entry("a", "com.example.One\n"), entry("b", "com.example.One\n")))
                .isEqualTo("com.example.One");
    }

    @Test
    void twoProvidersAreNotNamed() throws IOException {
        assertThat(providerOf(entry("a", "com.example.One\n"), entry("b", "com.example.Two\n"))).isNull();
        assertThat(providerOf(entry("c", "com.example.One\ncom.example.Two\n"))).isNull();
    }

    /** A classpath directory, with a service file of these lines if any are given. */
    private Path entry(String name, String... serviceFile) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        if (serviceFile.length > 0) {
            Path file = dir.resolve(SERVICE_FILE);
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("", serviceFile), StandardCharsets.UTF_8);
        }
        return dir;
    }

    private static String providerOf(Path... entries) throws IOException {
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = entries[i].toUri().toURL();
        }
        // no parent: this JVM's own class path holds slf4j-simple's service file
        try (URLClassLoader loader = new URLClassLoader(urls, null)) {
            return WorkerLogging.provider(loader);
        }
    }
}
