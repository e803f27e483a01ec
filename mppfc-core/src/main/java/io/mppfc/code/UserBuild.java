package io.mppfc.code;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's whole build, as seen from the function's class: the jar or class directory of the
 * function, every class directory (the reactor's {@code target/classes}, an IDE's output), a
 * jar built beside a Maven or Gradle build file ({@code helpers/target/helpers-1.0.jar}), and a
 * jar of the project's own Maven group wherever it lies (the local repository); the group is
 * read from the function's own artifact ({@code META-INF/maven/<group>/<artifact>/pom.properties}
 * in its jar, or the {@code pom.xml} above its {@code target/classes}). Other jars are libraries.
 * In a fat jar (one holding several artifacts' {@code pom.properties}) each class is decided by
 * its package: under the project's group or the function's package, it is the user's.
 */
final class UserBuild {

    private static final Pattern GROUP = Pattern.compile("<groupId>\\s*([^<\\s]+)\\s*</groupId>");

    private final String functionRoot;
    private final String group;
    private final boolean fatJar;
    private final String functionPackage;
    /** By root: whether a jar is the user's. */
    private final Map<String, Boolean> jars = new java.util.concurrent.ConcurrentHashMap<>();

    private UserBuild(String functionRoot, String group, boolean fatJar, String functionPackage) {
        this.functionRoot = functionRoot;
        this.group = group;
        this.fatJar = fatJar;
        this.functionPackage = functionPackage;
    }

    static UserBuild of(String functionClass, String functionRoot) {
        int slash = functionClass.lastIndexOf('/');
        String functionPackage = slash < 0 ? "" : functionClass.substring(0, slash + 1);
        Path jar = jarFile(functionRoot);
        if (jar != null) {
            List<String[]> artifacts = artifacts(jar);
            String group = null;
            String fileName = jar.getFileName().toString();
            for (String[] artifact : artifacts) {
                if (fileName.startsWith(artifact[1] + "-") || fileName.equals(artifact[1] + ".jar")) {
                    group = artifact[0];
                }
            }
            if (group == null && artifacts.size() == 1) {
                group = artifacts.get(0)[0];
            }
            return new UserBuild(functionRoot, group, artifacts.size() > 1, functionPackage);
        }
        return new UserBuild(functionRoot, directoryGroup(functionRoot), false, functionPackage);
    }

    boolean includes(String internalName, String root, boolean directory) {
        if (root.equals(functionRoot)) {
            return !fatJar || underProject(internalName);
        }
        if (directory) {
            return true;
        }
        return jars.computeIfAbsent(root, this::ownJar);
    }

    private boolean underProject(String internalName) {
        if (!functionPackage.isEmpty() && internalName.startsWith(functionPackage)) {
            return true;
        }
        return group != null && internalName.startsWith(group.replace('.', '/') + '/');
    }

    private boolean ownJar(String root) {
        Path jar = jarFile(root);
        if (jar == null) {
            return false;
        }
        Path parent = jar.getParent();
        if (parent != null && parent.getParent() != null && builtHere(parent)) {
            return true;
        }
        if (group == null) {
            return false;
        }
        for (String[] artifact : artifacts(jar)) {
            if (artifact[0].equals(group)) {
                return true;
            }
        }
        return false;
    }

    /** {@code target/} beside a {@code pom.xml}, or {@code build/libs/} below a Gradle build file. */
    private static boolean builtHere(Path directory) {
        Path module = directory.getParent();
        String name = directory.getFileName().toString();
        if (name.equals("target")) {
            return Files.isRegularFile(module.resolve("pom.xml"), LinkOption.NOFOLLOW_LINKS);
        }
        if (name.equals("libs") && module.getFileName() != null && module.getFileName().toString().equals("build")
                && module.getParent() != null) {
            return Files.isRegularFile(module.getParent().resolve("build.gradle"), LinkOption.NOFOLLOW_LINKS)
                    || Files.isRegularFile(module.getParent().resolve("build.gradle.kts"), LinkOption.NOFOLLOW_LINKS);
        }
        return false;
    }

    /** The group of a class directory Maven wrote ({@code <module>/target/classes}), from the module's pom.xml. */
    private static String directoryGroup(String root) {
        Path directory = localPath(root);
        if (directory == null || directory.getParent() == null || directory.getParent().getParent() == null
                || !directory.getParent().getFileName().toString().equals("target")) {
            return null;
        }
        Path pom = directory.getParent().getParent().resolve("pom.xml");
        try {
            if (!Files.isRegularFile(pom, LinkOption.NOFOLLOW_LINKS) || Files.size(pom) > (4 << 20)) {
                return null;
            }
            String text = Files.readString(pom);
            String withoutParent = text.replaceAll("(?s)<parent>.*?</parent>", "")
                    .replaceAll("(?s)<(dependencies|dependencyManagement|build|profiles|plugins)>.*", "");
            Matcher own = GROUP.matcher(withoutParent);
            if (own.find()) {
                return own.group(1);
            }
            Matcher parent = Pattern.compile("(?s)<parent>.*?</parent>").matcher(text);
            if (parent.find()) {
                Matcher inherited = GROUP.matcher(parent.group());
                return inherited.find() ? inherited.group(1) : null;
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Each {@code {groupId, artifactId}} whose {@code pom.properties} the jar holds. */
    private static List<String[]> artifacts(Path jar) {
        List<String[]> found = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            for (JarEntry entry : java.util.Collections.list(file.entries())) {
                String name = entry.getName();
                if (name.startsWith("META-INF/maven/") && name.endsWith("/pom.properties") && entry.getSize() < 65536) {
                    Properties properties = new Properties();
                    try (InputStream in = file.getInputStream(entry)) {
                        properties.load(in);
                    }
                    String g = properties.getProperty("groupId");
                    String a = properties.getProperty("artifactId");
                    if (g != null && a != null) {
                        found.add(new String[] {g.strip(), a.strip()});
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a readable jar: no artifacts known
        }
        return found;
    }

    /** The jar file of a root like {@code jar:file:/x/app.jar!/}; null for anything else. */
    private static Path jarFile(String root) {
        if (!root.startsWith("jar:file:") || !root.endsWith("!/")) {
            return null;
        }
        return localPath(root.substring("jar:".length(), root.length() - 2));
    }

    private static Path localPath(String url) {
        try {
            URI uri = new URI(url);
            return "file".equals(uri.getScheme()) ? Path.of(uri) : null;
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }
}
