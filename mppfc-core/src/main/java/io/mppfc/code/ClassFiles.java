package io.mppfc.code;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;

/** Finds a class's bytes through its loader, as the JVM would load them. */
final class ClassFiles {

    /** Far beyond any real class file (javac's limits keep them to a few MB). */
    private static final int MAX_CLASS_FILE = 64 << 20;

    private ClassFiles() {
    }

    static URL locate(ClassLoader loader, String internalName) {
        if (internalName.startsWith("[") || internalName.startsWith("java/")) {
            return null;
        }
        URL url = loader.getResource(internalName + ".class");
        return url == null || "jrt".equals(url.getProtocol()) ? null : url;
    }

    /** The jar or directory it comes from, as text; "" when the loader cannot say. */
    static String root(ClassLoader loader, String internalName) {
        return root(locate(loader, internalName), internalName);
    }

    /** Where a located class came from; "" for nowhere (the JDK, no class file). */
    static String root(URL url, String internalName) {
        if (url == null) {
            return "";
        }
        String text = url.toString();
        String suffix = internalName + ".class";
        return text.endsWith(suffix) ? text.substring(0, text.length() - suffix.length()) : text;
    }

    /** Null when the loader has no class file for it (a JDK class, a class generated at run time). */
    static byte[] read(ClassLoader loader, String internalName) throws IOException {
        return read(locate(loader, internalName));
    }

    /** Null for a null location. */
    static byte[] read(URL url) throws IOException {
        if (url == null) {
            return null;
        }
        try (InputStream in = url.openStream()) {
            byte[] bytes = in.readNBytes(MAX_CLASS_FILE + 1);
            if (bytes.length > MAX_CLASS_FILE) {
                throw new IOException(url + " is over " + (MAX_CLASS_FILE >> 20) + " MB: not a class file");
            }
            return bytes;
        }
    }
}
