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
        CacheBuilder<MultiProcCachedFunctionN<Object>> builder = Mppfc.cacheByReference(resolved.ref(), loader())
                .path(cache).includeClassName(!noClassName).version(keyVersion).workerClasspath(workerClasspath());
        return name == null ? builder : builder.name(name);
    }
}
