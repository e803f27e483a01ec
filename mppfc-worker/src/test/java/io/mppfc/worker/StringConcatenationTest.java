package io.mppfc.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.mppfc.Mppfc;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * mppfc's classes concatenate strings without {@code invokedynamic}: on JDK 17 each such
 * concatenation's first run spins method handle classes, which class data does not keep, and a
 * worker's start ran dozens of them (its CPU to the first result: 212 ms with them, 173 without).
 */
class StringConcatenationTest {

    private static final String BOOTSTRAP = "java/lang/invoke/StringConcatFactory";

    @Test
    void noClassOfTheLibraryOrTheWorkerConcatenatesThroughInvokedynamic() throws Exception {
        List<String> concatenating = new ArrayList<>();
        int classes = 0;
        for (Class<?> module : List.of(Mppfc.class, WorkerMain.class)) {
            Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (ClassFile file : classFiles(location)) {
                classes++;
                if (new String(file.bytes(), StandardCharsets.ISO_8859_1).contains(BOOTSTRAP)) {
                    concatenating.add(file.name());
                }
            }
        }
        assertThat(classes).as("class files read").isGreaterThan(100);
        assertThat(concatenating).isEmpty();
    }

    private record ClassFile(String name, byte[] bytes) {
    }

    /** The class files of a classes directory or a jar. */
    private static List<ClassFile> classFiles(Path location) throws IOException, URISyntaxException {
        List<ClassFile> files = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> all = Files.walk(location)) {
                for (Path file : all.filter(p -> p.toString().endsWith(".class")).toList()) {
                    files.add(new ClassFile(location.relativize(file).toString(), Files.readAllBytes(file)));
                }
            }
            return files;
        }
        try (JarFile jar = new JarFile(location.toFile())) {
            for (JarEntry entry : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                try (InputStream in = jar.getInputStream(entry)) {
                    files.add(new ClassFile(entry.getName(), in.readAllBytes()));
                }
            }
        }
        return files;
    }
}
