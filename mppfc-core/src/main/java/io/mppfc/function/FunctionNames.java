package io.mppfc.function;

import io.mppfc.footprint.Footprint;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The directory name of a function's cache: {@code <fully.qualified.Class>.<method>}, or just
 * {@code <method>}. Only {@code [A-Za-z0-9._$-]} survive; anything else (a path separator, a
 * non-ASCII letter) becomes {@code _} and a short hash of the real name is appended, so no
 * name can escape the cache root and no two names collide.
 */
public final class FunctionNames {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._$-]+");
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_$][A-Za-z0-9._$-]{0,99}");
    private static final int MAX_LENGTH = 200;

    private FunctionNames() {
    }

    /**
     * Checks a user-given function name.
     *
     * @param name the name given to {@code .name(...)}
     * @return the name
     * @throws IllegalArgumentException if it is empty, too long, or has characters other than
     *     letters, digits and {@code . _ $ -}, or starts with a dot
     */
    public static String checkUserName(String name) {
        if (name == null || !USER_NAME.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("function name \"" + name + "\" is not allowed: use 1 to 100 "
                    + "ASCII letters, digits and . _ $ -, not starting with a dot and without \"..\"");
        }
        return name;
    }

    /**
     * @param ref the function
     * @param name the user's stable name, or {@code null} to use the method's name
     * @param includeClassName whether the class name is part of the directory name
     * @throws IllegalArgumentException if the function is a lambda and no name was given
     */
    public static String directoryName(FunctionRef ref, String name, boolean includeClassName) {
        if (name == null && ref.isSyntheticLambda()) {
            throw new IllegalArgumentException("the function is a lambda (" + ref.methodName() + " in " + ref.className()
                    + "); its synthetic name changes when the code is edited, which would orphan its cache. "
                    + "Give it a stable name with .name(\"...\"), or pass a method reference such as Physics::slow");
        }
        String method = name != null ? name : ref.simpleMethodName();
        String full = includeClassName ? stableClassName(ref.className()) + "." + method : method;
        return sanitise(full);
    }

    /** jshell wraps each snippet in a class {@code REPL.$JShell$17} whose number changes with every session. */
    private static final Pattern JSHELL_WRAPPER = Pattern.compile("REPL\\.\\$JShell\\$\\d+[A-Z]?(\\$.*)?");

    /**
     * The class part of a directory name, the same in every run: a jshell snippet's wrapper class
     * is numbered anew each session, so its functions are all filed under {@code REPL}.
     */
    static String stableClassName(String className) {
        return JSHELL_WRAPPER.matcher(className).matches() ? "REPL" : className;
    }

    static String sanitise(String full) {
        if (SAFE.matcher(full).matches() && !full.startsWith(".") && !full.contains("..") && full.length() <= MAX_LENGTH) {
            return full;
        }
        String safe = full.replaceAll("[^A-Za-z0-9._$-]", "_").replace("..", "__");
        if (safe.startsWith(".")) {
            safe = "_" + safe.substring(1);
        }
        if (safe.length() > MAX_LENGTH) {
            safe = safe.substring(0, MAX_LENGTH);
        }
        byte[] hash = Footprint.sha256().digest(full.getBytes(StandardCharsets.UTF_8));
        return safe + "-" + HexFormat.of().formatHex(hash, 0, 4);
    }
}
