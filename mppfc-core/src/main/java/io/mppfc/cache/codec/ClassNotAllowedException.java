package io.mppfc.cache.codec;

/**
 * A value holds a class that the cache's {@link ClassAllowList} does not allow. This is a policy
 * refusal, not damage: an entry refused for it is left where it is, because a reader allowed
 * that class reads it fine.
 *
 * @since 0.1
 */
public final class ClassNotAllowedException extends CodecException {

    private static final long serialVersionUID = 1L;

    /** The refused class's binary name. */
    private final String className;

    ClassNotAllowedException(String className, String doing) {
        super(doing + " " + sourceName(className) + ", which this cache does not allow: allow it with "
                + "Mppfc.cache(...).allowClasses(" + simpleName(className) + ".class) or, on the command line, --allow-classes "
                + sourceName(className) + " (or its package with allowPackages / --allow-packages)", null);
        this.className = className;
    }

    /**
     * Returns the refused class, as Java source names it ({@code java.util.concurrent.atomic.AtomicLong[]}).
     *
     * @return the refused class, as Java source names it
     */
    public String className() {
        return sourceName(className);
    }

    /** {@code [Lcom.acme.X;} and {@code com.acme.Outer$Inner} as a reader of Java source writes them. */
    static String sourceName(String binaryName) {
        int dimensions = 0;
        String element = binaryName;
        while (element.startsWith("[")) {
            element = element.substring(1);
            dimensions++;
        }
        if (dimensions > 0) {
            element = switch (element) {
                case "Z" -> "boolean";
                case "B" -> "byte";
                case "S" -> "short";
                case "C" -> "char";
                case "I" -> "int";
                case "J" -> "long";
                case "F" -> "float";
                case "D" -> "double";
                default -> element.startsWith("L") && element.endsWith(";")
                        ? element.substring(1, element.length() - 1) : element;
            };
        }
        return element.replace('$', '.') + "[]".repeat(dimensions);
    }

    private static String simpleName(String binaryName) {
        String source = sourceName(binaryName);
        return source.substring(source.lastIndexOf('.') + 1);
    }
}
