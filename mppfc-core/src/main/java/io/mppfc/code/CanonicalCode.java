package io.mppfc.code;

import java.util.ArrayList;
import java.util.List;

/**
 * One method's instructions in the canonical form: its meaningful flags, name and descriptor,
 * then each instruction as tagged fields (fixed-width in scheme 1; zig-zag varints and names met
 * again in the method as back-references in scheme 2), jump targets as labels numbered in order
 * of first mention, constants resolved from the pool. Never written: line numbers, local
 * variable names, frames, annotations, the constant pool's order and the class file's version.
 * The form is frozen with the scheme: it is, field for field, what the ASM visitor mppfc 0.2 and
 * this scheme's first release used wrote, which the differential test checks on the JDK's classes.
 */
final class CanonicalCode {

    /** The flags that change what a method does; varargs, bridge and the like do not. */
    private static final int MEANINGFUL_ACCESS = 0x0008 | 0x0020 | 0x0100 | 0x0400 | 0x0800;
    private static final int TRY_CATCH = -2;
    private static final int LABEL = -1;
    private static final int IINC = 132;
    private static final int LDC = 18;
    private static final int NEW = 187;

    private final ClassFile file;
    private final boolean compact;
    /** By bytecode offset: whether an instruction or exception table names it, and its label's number + 1. */
    private boolean[] targets;
    private int[] labels;
    private int labelCount;
    private byte[] out = new byte[256];
    private int length;
    /**
     * Compact form only: the names written so far in this method, numbered by first mention, in
     * an open-addressed table (a method writes a name a few times; a map's entries would cost
     * more than the names).
     */
    private String[] names = new String[32];
    private int[] numbers = new int[32];
    private int nameCount;
    private final List<MethodSummary.Call> calls = new ArrayList<>();
    private final List<String> initialises = new ArrayList<>();
    private final List<String> instantiates = new ArrayList<>();

    private CanonicalCode(ClassFile file, boolean compact) {
        this.file = file;
        this.compact = compact;
    }

    /** The summary of the method whose {@code method_info} starts at {@code method}. */
    static MethodSummary read(ClassFile file, int method, boolean compact) {
        CanonicalCode code = new CanonicalCode(file, compact);
        int access = file.access(method);
        code.writeInt(access & MEANINGFUL_ACCESS);
        code.writeString(ClassSummaries.stableName(file.name(method)));
        code.writeString(file.descriptor(method));
        int body = file.code(method);
        if (body != 0) {
            try {
                code.instructions(body);
            } catch (IndexOutOfBoundsException e) {
                throw new IllegalArgumentException("a truncated or malformed method in a class file", e);
            }
        }
        return new MethodSummary(java.util.Arrays.copyOf(code.out, code.length), List.copyOf(code.calls),
                List.copyOf(code.initialises), List.copyOf(code.instantiates));
    }

    private void instructions(int body) {
        int codeLength = file.u4(body + 4);
        int start = body + 8;
        int end = start + codeLength;
        if (codeLength < 0 || end > file.bytes.length) {
            throw new IllegalArgumentException("a method's code runs past the end of its class file");
        }
        targets = new boolean[codeLength + 1];
        labels = new int[codeLength + 1];
        for (int at = start; at < end; ) {
            at = Instructions.markTargets(file, at, at - start, targets);
        }
        int table = end + 2;
        for (int i = file.u2(end); i > 0; i--, table += 8) {
            int from = file.u2(table);
            int to = file.u2(table + 2);
            int handler = file.u2(table + 4);
            targets[from] = true;
            targets[to] = true;
            targets[handler] = true;
            writeInt(TRY_CATCH);
            writeInt(label(from));
            writeInt(label(to));
            writeInt(label(handler));
            String type = file.className(file.u2(table + 6));
            writeString(type == null ? "" : type);
        }
        Instructions.markAnnotatedVariables(file, table, targets);
        for (int at = start; at < end; ) {
            int offset = at - start;
            if (targets[offset]) {
                writeInt(LABEL);
                writeInt(label(offset));
            }
            at = Instructions.write(file, at, offset, this);
        }
        if (targets[codeLength]) {
            writeInt(LABEL);
            writeInt(label(codeLength));
        }
    }

    /** The number of the label at a bytecode offset, in order of first mention. */
    int label(int offset) {
        if (labels[offset] == 0) {
            labels[offset] = ++labelCount;
        }
        return labels[offset] - 1;
    }

    void typeInstruction(int opcode, String type) {
        writeInt(opcode);
        writeString(type);
        if (opcode == NEW) {
            initialises.add(type);
            instantiates.add(type);
        }
    }

    void fieldInstruction(int opcode, int reference) {
        int at = file.entry(reference);
        String owner = file.className(file.u2(at));
        int nameAndType = file.entry(file.u2(at + 2));
        writeInt(opcode);
        writeString(owner);
        writeString(file.utf8(file.u2(nameAndType)));
        writeString(file.utf8(file.u2(nameAndType + 2)));
        if (opcode == 178 || opcode == 179) { // getstatic, putstatic
            initialises.add(owner);
        }
    }

    void methodInstruction(int opcode, int reference) {
        int at = file.entry(reference);
        String owner = file.className(file.u2(at));
        int nameAndType = file.entry(file.u2(at + 2));
        String name = file.utf8(file.u2(nameAndType));
        String descriptor = file.utf8(file.u2(nameAndType + 2));
        writeInt(opcode);
        writeString(owner);
        writeString(ClassSummaries.stableName(name));
        writeString(descriptor);
        calls.add(new MethodSummary.Call(owner, name.concat(descriptor), opcode == 182 || opcode == 185));
        if (opcode == 184) { // invokestatic
            initialises.add(owner);
        }
    }

    void invokeDynamic(int reference) {
        int at = file.entry(reference);
        int nameAndType = file.entry(file.u2(at + 2));
        writeInt(186);
        writeString(file.utf8(file.u2(nameAndType)));
        writeString(file.utf8(file.u2(nameAndType + 2)));
        bootstrap(file.u2(at));
    }

    /** A bootstrap method's handle, then its arguments' count and each argument. */
    private void bootstrap(int index) {
        int at = file.bootstrapMethod(index);
        constant(file.u2(at));
        int arguments = file.u2(at + 2);
        writeInt(arguments);
        for (int i = 0; i < arguments; i++) {
            constant(file.u2(at + 4 + 2 * i));
        }
    }

    void ldc(int index) {
        writeInt(LDC);
        constant(index);
    }

    /** A constant as a tag and its value; a method handle's target is reached when the code uses it. */
    private void constant(int index) {
        int at = file.entry(index);
        switch (file.tag(index)) {
            case ClassFile.METHOD_HANDLE -> {
                int kind = file.u1(at);
                int reference = file.entry(file.u2(at + 1));
                String owner = file.className(file.u2(reference));
                int nameAndType = file.entry(file.u2(reference + 2));
                String name = file.utf8(file.u2(nameAndType));
                String descriptor = file.utf8(file.u2(nameAndType + 2));
                writeInt(1);
                writeInt(kind);
                writeString(owner);
                writeString(ClassSummaries.stableName(name));
                writeString(descriptor);
                if (kind > 4) { // not a field's getter or setter: a lambda's or method reference's body runs
                    calls.add(new MethodSummary.Call(owner, name.concat(descriptor), kind == 5 || kind == 9));
                }
                if (kind == 8) { // a constructor reference
                    instantiates.add(owner);
                }
            }
            case ClassFile.DYNAMIC -> {
                int nameAndType = file.entry(file.u2(at + 2));
                writeInt(2);
                writeString(file.utf8(file.u2(nameAndType)));
                writeString(file.utf8(file.u2(nameAndType + 2)));
                bootstrap(file.u2(at));
            }
            case ClassFile.CLASS -> {
                String name = file.className(index);
                writeInt(3);
                writeString(name.startsWith("[") ? name : "L".concat(name).concat(";"));
            }
            case ClassFile.METHOD_TYPE -> {
                writeInt(3);
                writeString(file.utf8(file.u2(at)));
            }
            case ClassFile.STRING -> {
                writeInt(4);
                writeString(file.utf8(file.u2(at)));
            }
            case ClassFile.INTEGER -> {
                writeInt(5);
                writeInt(file.u4(at));
            }
            case ClassFile.FLOAT -> {
                writeInt(6);
                writeInt(file.u4(at));
            }
            case ClassFile.LONG -> {
                writeInt(7);
                writeLong(file.u8(at));
            }
            case ClassFile.DOUBLE -> {
                writeInt(8);
                writeLong(file.u8(at));
            }
            default -> throw new IllegalArgumentException("a constant of a kind no instruction loads: " + index);
        }
    }

    /** The number of a name written before in this method, or -1 after numbering it as the next. */
    private int number(String name) {
        int mask = names.length - 1;
        for (int i = name.hashCode() & mask; ; i = (i + 1) & mask) {
            String known = names[i];
            if (known == null) {
                names[i] = name;
                numbers[i] = nameCount++;
                if (nameCount * 2 > names.length) {
                    grow();
                }
                return -1;
            }
            if (known.equals(name)) {
                return numbers[i];
            }
        }
    }

    private void grow() {
        String[] oldNames = names;
        int[] oldNumbers = numbers;
        names = new String[oldNames.length * 2];
        numbers = new int[names.length];
        int mask = names.length - 1;
        for (int j = 0; j < oldNames.length; j++) {
            if (oldNames[j] != null) {
                int i = oldNames[j].hashCode() & mask;
                while (names[i] != null) {
                    i = (i + 1) & mask;
                }
                names[i] = oldNames[j];
                numbers[i] = oldNumbers[j];
            }
        }
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = java.util.Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }

    void writeInt(int value) {
        if (compact) {
            writeVarint((value << 1) ^ (value >> 31));
        } else {
            writeFixed(value);
        }
    }

    private void writeFixed(int value) {
        ensure(4);
        out[length++] = (byte) (value >>> 24);
        out[length++] = (byte) (value >>> 16);
        out[length++] = (byte) (value >>> 8);
        out[length++] = (byte) value;
    }

    private void writeVarint(int value) {
        ensure(5);
        int rest = value;
        while ((rest & ~0x7f) != 0) {
            out[length++] = (byte) ((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out[length++] = (byte) rest;
    }

    private void writeLong(long value) {
        writeFixed((int) (value >>> 32));
        writeFixed((int) value);
    }

    void writeString(String value) {
        String stable = file.mentionsJShell ? ClassSummaries.stableText(value) : value;
        if (compact) {
            int before = number(stable);
            if (before >= 0) {
                writeVarint(before + 1);
                return;
            }
            writeVarint(0);
        }
        byte[] utf8 = stable.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        writeInt(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, out, length, utf8.length);
        length += utf8.length;
    }
}
