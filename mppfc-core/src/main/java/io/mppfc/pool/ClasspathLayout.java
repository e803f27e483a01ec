package io.mppfc.pool;

import io.mppfc.launch.Launcher;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A worker classpath as class data sees it. The JVM records class data only from jars, and
 * class data is mapped only under the classpath it was recorded with as a prefix: for a
 * classpath with directories (an IDE's, {@code mvn exec:java}'s), the jars' class data is
 * recorded apart, and the workers run with the jars first, which is only the same classpath if
 * no directory holds a package (or service file) that a jar holds too.
 *
 * @param jars the jar files, in order
 * @param directories the class directories, in order
 * @param jarsHoldWorker whether the jars alone hold the worker's main class
 * @param jarsFirstIsSafe whether putting the jars before the directories finds every class and
 *     resource where the original order finds it
 */
record ClasspathLayout(List<Path> jars, List<Path> directories, boolean jarsHoldWorker, boolean jarsFirstIsSafe) {

    private static final String WORKER_CLASS = Launcher.MAIN_CLASS.replace('.', '/') + ".class";
    /**
     * What reading the jars and walking the directories of a classpath found: directories change
     * while a program runs less often than it starts pools, so that is done once per classpath.
     */
    private static final Map<String, Optional<ClasspathLayout>> SCANNED = new ConcurrentHashMap<>();

    /** Empty if an entry is missing or neither a jar nor a directory (then no class data at all). */
    static Optional<ClasspathLayout> of(String classpath) {
        List<Path> jars = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                jars.add(path);
            } else if (Files.isDirectory(path)) {
                directories.add(path);
            } else {
                return Optional.empty();
            }
        }
        if (directories.isEmpty()) {
            return Optional.of(new ClasspathLayout(jars, directories, true, true));
        }
        return SCANNED.computeIfAbsent(classpath, c -> scan(jars, directories));
    }

    String jarsOnly() {
        return join(jars);
    }

    String jarsFirst() {
        List<Path> all = new ArrayList<>(jars);
        all.addAll(directories);
        return join(all);
    }

    private static Optional<ClasspathLayout> scan(List<Path> jars, List<Path> directories) {
        try {
            Set<String> inJars = new HashSet<>();
            boolean worker = false;
            for (Path jar : jars) {
                try (ZipFile zip = new ZipFile(jar.toFile())) {
                    worker |= zip.getEntry(WORKER_CLASS) != null;
                    zip.stream().map(ZipEntry::getName).map(ClasspathLayout::key).filter(k -> k != null).forEach(inJars::add);
                }
            }
            boolean disjoint = true;
            for (Path directory : directories) {
                disjoint &= Collections.disjoint(keys(directory), inJars);
            }
            return Optional.of(new ClasspathLayout(jars, directories, worker, disjoint));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** What a class directory holds, as {@link #key} names it. */
    private static Set<String> keys(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            Set<String> keys = new HashSet<>();
            files.filter(Files::isRegularFile).map(f -> directory.relativize(f).toString().replace(File.separatorChar, '/'))
                    .map(ClasspathLayout::key).filter(k -> k != null).forEach(keys::add);
            return keys;
        }
    }

    /**
     * What may be found in two entries, for an entry name: its folder (a package, or a resource
     * folder such as META-INF/services), or for a file at the top or directly in META-INF its own
     * name. Null for what a class path lookup never finds (folders, manifests, module descriptors).
     */
    private static String key(String entry) {
        if (entry.endsWith("/") || entry.equals("module-info.class") || entry.equals("META-INF/MANIFEST.MF")
                || entry.equals("META-INF/INDEX.LIST") || entry.startsWith("META-INF/maven/")
                || entry.startsWith("META-INF/versions/")) {
            return null;
        }
        int slash = entry.lastIndexOf('/');
        String folder = slash < 0 ? "" : entry.substring(0, slash);
        return folder.isEmpty() || folder.equals("META-INF") ? entry : folder + "/";
    }

    private static String join(List<Path> paths) {
        return String.join(File.pathSeparator, paths.stream().map(Path::toString).toList());
    }
}
