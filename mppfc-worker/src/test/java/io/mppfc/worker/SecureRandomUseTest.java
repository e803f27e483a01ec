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
 * mppfc's names and seeds come from {@code io.mppfc.files.Nonces}, never from a {@code
 * SecureRandom} of their own: a fresh JVM's first one loads the security providers (13-14 ms of
 * CPU on JDK 17), which a worker paid in a static initialiser on its way to its first result.
 * {@code UUID.randomUUID()} makes one too.
 */
class SecureRandomUseTest {

    private static final String NONCES = "io/mppfc/files/Nonces";

    @Test
    void noClassOfTheLibraryOrTheWorkerButNoncesMakesASecureRandomOrARandomUuid() throws Exception {
        List<String> making = new ArrayList<>();
        int classes = 0;
        for (Class<?> module : List.of(Mppfc.class, WorkerMain.class)) {
            Path location = Path.of(module.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (ClassFile file : classFiles(location)) {
                classes++;
                String text = new String(file.bytes(), StandardCharsets.ISO_8859_1);
                if (!file.name().startsWith(NONCES)
                        && (text.contains("java/security/SecureRandom") || text.contains("randomUUID"))) {
                    making.add(file.name());
                }
            }
        }
        assertThat(classes).as("class files read").isGreaterThan(100);
        assertThat(making).isEmpty();
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
