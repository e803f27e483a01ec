package io.mppfc;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The classes a worker loads to run a function (its class and the classes of its signature),
 * and whether the workers' class path has them. A class declared in jshell, or made at run time
 * some other way, exists only in this JVM: a worker would fail every task on it, once per
 * argument, so {@code startWorkers} refuses once instead, saying what to do.
 *
 * @param classes the function's class, its parameter types and its result type
 * @param classpath the workers' class path
 */
record ClassesForWorkers(List<Class<?>> classes, String classpath) {

    static final ClassesForWorkers NONE = new ClassesForWorkers(List.of(), "");

    /** jshell declares {@code class Physics} as {@code REPL.$JShell$12$Physics}, a top-level method in {@code REPL.$JShell$12}. */
    private static final Pattern JSHELL = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?(?:\\$(.+))?");

    ClassesForWorkers {
        classes = List.copyOf(classes);
    }

    /**
     * Why workers cannot load one of the classes, in one line saying what to do; empty when they can.
     *
     * @return why workers cannot load one of the classes, in one line saying what to do; empty when they can
     */
    Optional<String> unloadable() {
        Set<Class<?>> ours = new LinkedHashSet<>();
        for (Class<?> c : classes) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            if (!c.isPrimitive() && c.getClassLoader() != null && c.getClassLoader() != ClassLoader.getPlatformClassLoader()) {
                ours.add(c); // the JDK's own classes are in every worker
            }
        }
        if (ours.isEmpty()) {
            return Optional.empty();
        }
        List<Path> entries = new ArrayList<>();
        // a path that is not here (another machine's, say) may hold the class: then only jshell's
        // classes, which no path holds, are refused, and the workers tell what else they miss
        boolean allHere = true;
        for (String entry : classpath.split(File.pathSeparator)) {
            try {
                if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                    entries.add(Path.of(entry));
                } else if (!entry.isBlank()) {
                    allHere = false;
                }
            } catch (InvalidPathException e) {
                allHere = false;
            }
        }
        try (URLClassLoader workers = new URLClassLoader(urls(entries), ClassLoader.getPlatformClassLoader())) {
            for (Class<?> c : ours) {
                boolean jshell = JSHELL.matcher(c.getName()).matches();
                if ((jshell || allHere) && workers.findResource(c.getName().replace('.', '/') + ".class") == null) {
                    return Optional.of(why(c));
                }
            }
        } catch (IOException e) {
            return Optional.empty(); // a class path this JVM cannot read: the workers will say what they miss
        }
        return Optional.empty();
    }

    private static String why(Class<?> c) {
        Matcher jshell = JSHELL.matcher(c.getName());
        if (jshell.matches()) {
            String what = jshell.group(1) == null ? "it was declared at jshell's prompt"
                    : "class " + jshell.group(1).replace('$', '.') + " was declared in jshell";
            return what + ", and workers load classes only from their class path: declare the function in a class "
                    + "compiled to a directory or jar, add that to jshell's class path (/env --class-path target/classes) "
                    + "and cache it from there (without workers, apply computes in this JVM)";
        }
        java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
        if (source != null && source.getLocation() != null && "file".equals(source.getLocation().getProtocol())) {
            return "class " + c.getName().replace('$', '.') + " is not on the workers' class path (this JVM loaded it from "
                    + source.getLocation().getPath() + "): add that to workerClasspath(...)";
        }
        return "class " + c.getName().replace('$', '.') + " was made at run time (by " + c.getClassLoader().getClass()
                .getName() + "), not read from the workers' class path: compile it into a directory or jar that is "
                + "on the class path, or give it to the workers with workerClasspath(...)";
    }

    private static URL[] urls(List<Path> entries) throws MalformedURLException {
        URL[] urls = new URL[entries.size()];
        for (int i = 0; i < urls.length; i++) {
            urls[i] = entries.get(i).toUri().toURL();
        }
        return urls;
    }
}
