package io.mppfc.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Entries already stored carry their function's id: it must not change with how it is computed. */
class FunctionIdTest {

    @Test
    void aFunctionIdIsTheFirst16BytesOfTheSha256OfTheDirectorysName() throws Exception {
        for (String name : new String[] {"io.example.Sim.run-3f2a", "", "données-Σ", "x".repeat(300)}) {
            byte[] expected = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(StandardCharsets.UTF_8)), 16);
            Path directory = name.isEmpty() ? Path.of("/") : Path.of("/cache", name);
            assertThat(EntryFormat.functionId(directory)).as(name).isEqualTo(expected);
        }
    }
}
