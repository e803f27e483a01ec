package io.mppfc.code;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A class file's structure, read in one pass without a library: the constant pool's entries by
 * index, the supertypes, where each method is, and where the bootstrap methods are. The code of
 * a method is read only when it is asked for ({@link CanonicalCode}): a fresh JVM runs this
 * interpreted, and a walk seldom needs every method of a class. Malformed input throws an
 * {@link IllegalArgumentException}.
 */
final class ClassFile {

    static final int UTF8 = 1;
    static final int INTEGER = 3;
    static final int FLOAT = 4;
    static final int LONG = 5;
    static final int DOUBLE = 6;
    static final int CLASS = 7;
    static final int STRING = 8;
    static final int INTERFACE_METHODREF = 11;
    static final int METHOD_HANDLE = 15;
    static final int METHOD_TYPE = 16;
    static final int DYNAMIC = 17;

    final byte[] bytes;
    /** By constant pool index: the offset just after the entry's tag (0 for index 0 and a long's or double's second slot). */
    private final int[] entries;
    private final String[] strings;
    private int bootstrapMethods;
    /**
     * Whether a text decoded so far names a jshell wrapper ({@link ClassSummaries#stableText}):
     * every text written comes from this pool, so until one does, none needs looking at.
     */
    boolean mentionsJShell;
    final String superName;
    final List<String> interfaces;
    /** By {@code name + descriptor}, in the order of the class file: where its {@code method_info} starts. */
    final Map<String, Integer> methods = new LinkedHashMap<>();

    ClassFile(byte[] bytes) {
        this.bytes = bytes;
        try {
            if (u4(0) != 0xCAFEBABE) {
                throw new IllegalArgumentException("not a class file");
            }
            entries = new int[u2(8)];
            strings = new String[entries.length];
            int at = 10;
            for (int i = 1; i < entries.length; i++) {
                entries[i] = at + 1;
                int tag = bytes[at];
                at += switch (tag) {
                    case UTF8 -> 3 + u2(at + 1);
                    case INTEGER, FLOAT, 9, 10, INTERFACE_METHODREF, 12, DYNAMIC, 18 -> 5;
                    case LONG, DOUBLE -> 9;
                    case METHOD_HANDLE -> 4;
                    case CLASS, STRING, METHOD_TYPE, 19, 20 -> 3;
                    default -> throw new IllegalArgumentException("a constant of an unknown kind: " + tag);
                };
                if (tag == LONG || tag == DOUBLE) {
                    i++;
                }
            }
            superName = className(u2(at + 4));
            List<String> declared = new ArrayList<>(u2(at + 6));
            at += 8;
            for (int i = u2(at - 2); i > 0; i--, at += 2) {
                declared.add(className(u2(at)));
            }
            interfaces = List.copyOf(declared);
            at = skipMembers(at, false);
            at = skipMembers(at, true);
            for (int i = u2(at); i > 0; i--) {
                if (utf8(u2(at + 2)).equals("BootstrapMethods")) {
                    bootstrapMethods = at + 8;
                }
                at += 6 + u4(at + 4);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("a truncated or malformed class file", e);
        }
    }

    /** Past the fields or methods table at {@code at}; the methods are recorded. */
    private int skipMembers(int at, boolean record) {
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            if (record) {
                methods.put(utf8(u2(at + 2)).concat(utf8(u2(at + 4))), at);
            }
            at = skipAttributes(at + 6);
        }
        return at;
    }

    private int skipAttributes(int at) {
        int count = u2(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            at += 6 + u4(at + 2);
        }
        return at;
    }

    int access(int method) {
        return u2(method);
    }

    String name(int method) {
        return utf8(u2(method + 2));
    }

    String descriptor(int method) {
        return utf8(u2(method + 4));
    }

    /** Where a method's {@code Code} attribute's body starts (its max_stack); 0 if it has none. */
    int code(int method) {
        int at = method + 6;
        int count = u2(at);
        at += 2;
        int code = 0;
        for (int i = 0; i < count; i++) {
            if (utf8(u2(at)).equals("Code")) {
                code = at + 6; // the last, should a malformed file have two, as ASM read it
            }
            at += 6 + u4(at + 2);
        }
        return code;
    }

    /** The offset of bootstrap method {@code index}'s {@code bootstrap_method_ref}. */
    int bootstrapMethod(int index) {
        if (bootstrapMethods == 0) {
            throw new IllegalArgumentException("a dynamic constant without a BootstrapMethods attribute");
        }
        int at = bootstrapMethods + 2;
        for (int i = 0; i < index; i++) {
            at += 4 + 2 * u2(at + 2);
        }
        return at;
    }

    int tag(int index) {
        return bytes[entry(index) - 1];
    }

    /** The offset of constant {@code index}'s body, after its tag. */
    int entry(int index) {
        int at = entries[index];
        if (at == 0) {
            throw new IllegalArgumentException("no constant " + index);
        }
        return at;
    }

    /** A class entry's name; null for index 0 (no class, as {@code java/lang/Object}'s superclass). */
    String className(int index) {
        return index == 0 ? null : utf8(u2(entry(index)));
    }

    /** A UTF-8 entry's text (the JVM's modified UTF-8), decoded once; null for index 0. */
    String utf8(int index) {
        if (index == 0) {
            return null;
        }
        String known = strings[index];
        if (known == null) {
            known = decode(entry(index));
            strings[index] = known;
            mentionsJShell |= known.contains("$JShell$");
        }
        return known;
    }

    private String decode(int at) {
        int length = u2(at);
        int start = at + 2;
        int end = start + length;
        boolean ascii = true;
        for (int i = start; i < end && ascii; i++) {
            ascii = bytes[i] > 0;
        }
        if (ascii) {
            return new String(bytes, start, length, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[length];
        int n = 0;
        for (int i = start; i < end; ) {
            int b = bytes[i++];
            if ((b & 0x80) == 0) {
                chars[n++] = (char) (b & 0x7f);
            } else if ((b & 0xe0) == 0xc0) {
                chars[n++] = (char) (((b & 0x1f) << 6) + (bytes[i++] & 0x3f));
            } else {
                chars[n++] = (char) (((b & 0xf) << 12) + ((bytes[i++] & 0x3f) << 6) + (bytes[i++] & 0x3f));
            }
        }
        return new String(chars, 0, n);
    }

    int u1(int at) {
        return bytes[at] & 0xff;
    }

    int u2(int at) {
        return ((bytes[at] & 0xff) << 8) | (bytes[at + 1] & 0xff);
    }

    int s2(int at) {
        return (short) u2(at);
    }

    int u4(int at) {
        return ((bytes[at] & 0xff) << 24) | ((bytes[at + 1] & 0xff) << 16) | ((bytes[at + 2] & 0xff) << 8)
                | (bytes[at + 3] & 0xff);
    }

    long u8(int at) {
        return ((long) u4(at) << 32) | (u4(at + 4) & 0xffffffffL);
    }
}
