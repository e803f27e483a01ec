package io.mppfc.launch;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The paths a worker on another machine uses: its {@code java}, its classpath and the cache
 * root, each the coordinator's own unless set (a shared file system mounted at the same place
 * needs no setting).
 */
final class RemotePaths {

    private String java;
    private String classpath;
    private String cacheRoot;

    void java(String path) {
        this.java = Words.requireText(path, "javaPath");
    }

    void classpath(String classpath) {
        this.classpath = Words.requireText(classpath, "remoteClasspath");
    }

    void cacheRoot(String root) {
        this.cacheRoot = Words.requireText(root, "remoteCachePath");
    }

    RemotePaths copy() {
        RemotePaths copy = new RemotePaths();
        copy.java = java;
        copy.classpath = classpath;
        copy.cacheRoot = cacheRoot;
        return copy;
    }


    String javaPath() {
        return java != null ? java : LocalJvmLauncher.javaExecutable();
    }

    List<String> javaCommand(WorkerJvm jvm) {
        return jvm.javaCommand(javaPath(), classpath(jvm));
    }

    /** The workers' classpath as the hosts see it. */
    String classpath(WorkerJvm jvm) {
        return classpath != null ? classpath : absolute(jvm.classpath());
    }

    /** Whether the user named the classpath as the hosts see it. */
    boolean classpathSet() {
        return classpath != null;
    }

    /** The coordinator's classpath with every entry absolute: a remote shell starts elsewhere. */
    private static String absolute(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The function's directory keeps its name; only the root differs. */
    String cacheDirectory(Path cacheDirectory) {
        Path local = cacheDirectory.toAbsolutePath().normalize();
        if (cacheRoot == null) {
            return local.toString();
        }
        String root = cacheRoot.endsWith("/") ? cacheRoot : cacheRoot + "/";
        return root + Objects.requireNonNull(local.getFileName(), "a cache directory below a root");
    }

    /** The launcher's name, with its settings in parentheses if it has any. */
    String describe(String launcher, List<String> settings) {
        List<String> all = new ArrayList<>(settings);
        if (java != null) {
            all.add("java " + java);
        }
        if (classpath != null) {
            all.add("classpath " + classpath);
        }
        if (cacheRoot != null) {
            all.add("cache root " + cacheRoot);
        }
        return all.isEmpty() ? launcher : launcher + " (" + String.join(", ", all) + ")";
    }
}
