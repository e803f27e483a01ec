package io.mppfc.pool;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Tells a worker which SLF4J provider its classpath holds, when that classpath is this JVM's
 * own: the worker then binds it by name instead of asking {@code ServiceLoader}, which opens
 * every jar of the classpath (18-42 ms of a worker's start that class data does not save). The
 * worker checks that the class it is told of is there, and looks for itself where it is not, or
 * where it is told nothing: a classpath of the user's own, a trainee's jars, or more than one
 * provider (SLF4J then warns, and the worker's own lookup keeps that warning).
 */
public final class WorkerLogging {

    /**
     * The worker's system property: the class name of the one SLF4J provider on its classpath, or
     * empty when there is none (the worker then logs to stderr, which the coordinator forwards).
     */
    public static final String PROVIDER_PROPERTY = "mppfc.worker.slf4jProvider";
    private static final String SERVICE_FILE = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";

    private WorkerLogging() {
    }

    /**
     * The option naming the provider to a worker JVM on {@code workerClasspath}, or none.
     *
     * @param workerClasspath the worker's classpath, entries in any order
     * @return {@code -Dmppfc.worker.slf4jProvider=...}, or an empty list
     */
    static List<String> jvmOptions(String workerClasspath) {
        String provider = OwnClasspath.PROVIDER;
        if (provider == null || !entries(workerClasspath).equals(OwnClasspath.ENTRIES)) {
            return List.of();
        }
        return List.of("-D" + PROVIDER_PROPERTY + "=" + provider);
    }

    /** This JVM's class path and its one provider, found once, on the first worker's plan. */
    private static final class OwnClasspath {

        static final Set<String> ENTRIES = entries(System.getProperty("java.class.path", ""));
        /** The one provider, "" for none, or null: more than one, or the service files were unreadable. */
        static final String PROVIDER = provider(ClassLoader.getSystemClassLoader());
    }

    /**
     * The one provider named by the class path's service files, as {@code ServiceLoader} would
     * find them: "" if none, null if several or if they cannot be read.
     */
    static String provider(ClassLoader loader) {
        Set<String> names = new LinkedHashSet<>();
        try {
            Enumeration<URL> files = loader.getResources(SERVICE_FILE);
            while (files.hasMoreElements()) {
                names.addAll(providerNames(files.nextElement()));
            }
        } catch (IOException | RuntimeException unreadable) {
            return null; // the worker looks for itself
        }
        return names.size() > 1 ? null : names.stream().findFirst().orElse("");
    }

    private static List<String> providerNames(URL file) throws IOException {
        List<String> names = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(file.openStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int comment = line.indexOf('#');
                String name = (comment >= 0 ? line.substring(0, comment) : line).strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private static Set<String> entries(String classpath) {
        Set<String> entries = new HashSet<>(Arrays.asList(classpath.split(File.pathSeparator)));
        entries.remove("");
        return entries;
    }
}
