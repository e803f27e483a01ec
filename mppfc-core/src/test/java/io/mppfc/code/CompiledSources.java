package io.mppfc.code;

import java.io.IOException;
import java.io.StringWriter;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** Real javac on real source files: the class files a user's build would make. */
public final class CompiledSources {

    private CompiledSources() {
    }

    /**
     * Compiles sources into {@code output} with javac.
     *
     * @param sources file path (like {@code demo/Physics.java}) to source text
     * @param output the class directory to write
     * @param classpath extra classpath entries
     * @return the class directory
     */
    public static Path compile(Map<String, String> sources, Path output, Path... classpath) throws IOException {
        return javac(sources, output, "-cp", List.of(classpath));
    }

    /**
     * Compiles a module (sources with a {@code module-info.java}) into {@code output} with javac.
     *
     * @param sources file path to source text, the module descriptor among them
     * @param output the exploded module to write
     * @param modulePath the modules it requires
     * @return the exploded module
     */
    public static Path compileModule(Map<String, String> sources, Path output, List<Path> modulePath)
            throws IOException {
        return javac(sources, output, "--module-path", modulePath);
    }

    private static Path javac(Map<String, String> sources, Path output, String pathOption, List<Path> path)
            throws IOException {
        Files.createDirectories(output.getParent());
        Path sourceRoot = Files.createTempDirectory(output.getParent(), "src");
        List<String> arguments = new ArrayList<>(List.of("-d", output.toString(), "-g"));
        if (!path.isEmpty()) {
            arguments.add(pathOption);
            arguments.add(String.join(java.io.File.pathSeparator, path.stream().map(Path::toString).toList()));
        }
        if (!pathOption.equals("-cp")) {
            // else javac in this JVM takes the test's class path, where mppfc is the unnamed module
            arguments.add("-cp");
            arguments.add(Files.createTempDirectory(output.getParent(), "empty").toString());
        }
        for (Map.Entry<String, String> source : sources.entrySet()) {
            Path file = sourceRoot.resolve(source.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, source.getValue());
            arguments.add(file.toString());
        }
        Files.createDirectories(output);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        int status = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }), arguments.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("javac failed:\n" + errors);
        }
        return output;
    }

    /**
     * Returns a loader of those class directories, parented by the platform loader, so nothing
     * of the test's classpath leaks in.
     */
    public static URLClassLoader loader(Path... classDirectories) {
        URL[] urls = java.util.Arrays.stream(classDirectories).map(d -> {
            try {
                return d.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException(e);
            }
        }).toArray(URL[]::new);
        return new URLClassLoader(urls, ClassLoader.getPlatformClassLoader());
    }
}
