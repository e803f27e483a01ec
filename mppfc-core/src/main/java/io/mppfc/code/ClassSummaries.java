package io.mppfc.code;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads class files for a fingerprint, through one parse ({@link ClassFile}) whatever is asked:
 * the user's own classes as {@link ClassSummary} (supertypes, and each method's canonical form
 * when reached), and classes outside the user's code as {@link Outside} (supertypes, and what a
 * subclass could override). Line numbers, local variable names and the source file name never
 * reach a fingerprint.
 */
final class ClassSummaries {

    private ClassSummaries() {
    }

    /**
     * @param compact scheme 2's canonical form: integers as zig-zag varints and a name met again
     *     in the same method as a back-reference, a third of the bytes to hash of scheme 1's
     *     fixed-width fields (which checking an earlier version still needs)
     */
    static ClassSummary read(byte[] classFile, boolean compact) {
        return new ClassSummary(new ClassFile(classFile), compact);
    }

    /**
     * A class outside the user's code, read only for what a user's subclass could override:
     * its supertypes and its methods that are neither static nor private nor constructors.
     */
    record Outside(String superName, List<String> interfaces, List<String> overridable) {
    }

    static Outside readOutside(byte[] classFile) {
        ClassFile file = new ClassFile(classFile);
        List<String> overridable = new ArrayList<>();
        for (java.util.Map.Entry<String, Integer> method : file.methods.entrySet()) {
            if ((file.access(method.getValue()) & (MethodSummary.STATIC | MethodSummary.PRIVATE)) == 0
                    && !method.getKey().startsWith("<")) {
                overridable.add(method.getKey());
            }
        }
        return new Outside(file.superName, file.interfaces, List.copyOf(overridable));
    }

    /**
     * javac numbers lambda bodies through the whole class ({@code lambda$slow$0}), so adding a
     * lambda anywhere renumbers the others: the number is not part of what a method means. The
     * body itself is, as it is reached in instruction order.
     */
    static String stableName(String name) {
        return name.startsWith("lambda$") ? "lambda$" : name;
    }

    /** Compiled on first use: a fresh JVM that never meets jshell's classes compiles no expression. */
    private static final class JShell {
        static final Pattern WRAPPER = Pattern.compile("REPL/\\$JShell\\$\\d+[A-Z]?");
    }

    /**
     * jshell wraps each snippet in a class numbered anew each session ({@code REPL/$JShell$17}):
     * the number says when a snippet was typed, not what it does.
     */
    static String stableText(String text) {
        return text.contains("$JShell$") ? JShell.WRAPPER.matcher(text).replaceAll("REPL/\\$JShell\\$") : text;
    }
}
