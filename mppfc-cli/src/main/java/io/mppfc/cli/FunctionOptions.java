package io.mppfc.cli;

import io.mppfc.CacheBuilder;
import io.mppfc.Mppfc;
import io.mppfc.MultiProcCachedFunctionN;
import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Which function, from which classpath, with the key settings the program uses. */
final class FunctionOptions {

    @Option(names = "--function", required = true, paramLabel = "CLASS::METHOD",
            description = "The static method, e.g. com.acme.Physics::slow, or com.acme.Physics::slow(double,int) "
                    + "to pick one of several overloads.")
    String function;

    @Option(names = "--classpath", paramLabel = "PATH", defaultValue = "",
            description = "Jars and directories holding the function's classes, separated by '${sys:path.separator}'.")
    String classpath;

    @Option(names = "--cache", paramLabel = "DIR", defaultValue = ".cache",
            description = "The cache root (default: ${DEFAULT-VALUE}).")
    Path cache;

    @Option(names = "--name", paramLabel = "NAME", description = "The function's stable name, if the program gives one.")
    String name;

    @Option(names = "--no-class-name", description = "The program uses includeClassName(false).")
    boolean noClassName;

    @Option(names = "--key-version", paramLabel = "SALT", defaultValue = "",
            description = "The program's version(\"...\") salt, if any.")
    String keyVersion;

    @Option(names = "--no-code-tracking", description = "The program uses trackCode(false): its results are not "
            + "kept apart by code version.")
    boolean noCodeTracking;

    @Option(names = "--track-code-in", paramLabel = "PACKAGE", split = ",",
            description = "The program's trackCodeIn(...): the packages whose code is fingerprinted, e.g. com.acme.")
    List<String> trackCodeIn = new ArrayList<>();

    @Option(names = "--allow-classes", paramLabel = "CLASS", split = ",",
            description = "Classes the results may hold beyond JDK values and the return type, e.g. "
                    + "com.acme.Measurement (the program's allowClasses(...)).")
    List<String> allowClasses = new ArrayList<>();

    @Option(names = "--allow-packages", paramLabel = "PACKAGE", split = ",",
            description = "Packages whose classes the results may hold, e.g. com.acme.model (the program's allowPackages(...)).")
    List<String> allowPackages = new ArrayList<>();

    private ClassLoader loader;

    /** The user's classes, over this jar's. Also made the context class loader: codecs load through it. */
    ClassLoader loader() {
        if (loader == null) {
            List<URL> urls = new ArrayList<>();
            for (String entry : classpath.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path path = Path.of(entry);
                if (!Files.exists(path)) {
                    throw new UsageException("--classpath: " + entry + " does not exist");
                }
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new UsageException("--classpath: " + entry + " is not a path: " + e.getMessage());
                }
            }
            loader = new URLClassLoader(urls.toArray(URL[]::new), FunctionOptions.class.getClassLoader());
            Thread.currentThread().setContextClassLoader(loader);
        }
        return loader;
    }

    /** The workers need this jar (WorkerMain) and the user's classes. */
    String workerClasspath() {
        String own = System.getProperty("java.class.path");
        return classpath.isBlank() ? own : own + File.pathSeparator + classpath;
    }

    CacheBuilder<MultiProcCachedFunctionN<Object>> builder(ResolvedFunction resolved) {
        if (Files.exists(cache, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(cache)) {
            throw new UsageException("--cache: " + CacheRootOption.notADirectory(cache)); // a file, or a link to nothing
        }
        CacheBuilder<MultiProcCachedFunctionN<Object>> builder = Mppfc.cacheMethod(resolved.method())
                .path(cache).includeClassName(!noClassName).version(keyVersion).workerClasspath(workerClasspath())
                .allowClasses(allowClasses.stream().map(this::allowedClass).toArray(Class<?>[]::new))
                .trackCode(!noCodeTracking);
        if (!trackCodeIn.isEmpty()) {
            if (noCodeTracking) {
                throw new UsageException("--track-code-in and --no-code-tracking contradict each other: give one");
            }
            try {
                builder.trackCodeIn(trackCodeIn.toArray(String[]::new));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--track-code-in: " + e.getMessage().replace("trackCodeIn: ", ""));
            }
        }
        try {
            builder.allowPackages(allowPackages.toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--allow-packages: " + e.getMessage().replace("allowPackages: ", ""));
        }
        return name == null ? builder : builder.name(name);
    }

    /**
     * For a command that writes the cache: {@code --cache} is a cache root, or a directory that does
     * not exist yet or is empty (made one now); never a directory of the user's own.
     */
    void requireCacheOrNew() throws java.io.IOException {
        if (!Files.isDirectory(cache)) {
            return;
        }
        try (java.util.stream.Stream<Path> children = Files.list(cache)) {
            if (children.findAny().isEmpty()) {
                return;
            }
        }
        try {
            io.mppfc.cache.CacheMarker.requireRoot(cache);
        } catch (io.mppfc.cache.NotACacheException e) {
            throw new UsageException("--cache: " + e.getMessage() + ", or a new or empty directory");
        }
    }

    /** A class named as Java source names it (com.acme.Outer.Inner) or by its binary name (com.acme.Outer$Inner). */
    private Class<?> allowedClass(String sourceName) {
        String candidate = sourceName.strip();
        while (true) {
            try {
                return Class.forName(candidate, false, loader());
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    throw new UsageException("--allow-classes: class " + sourceName
                            + " is not on the classpath (give it with --classpath)");
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            }
        }
    }
}
