package io.mppfc.code;

/**
 * The JVM's instruction set as {@link CanonicalCode} reads it: how long each instruction is,
 * which offsets it jumps to, and how it is written. Short forms are written as their long form
 * ({@code iload_1} as {@code iload 1}, {@code ldc_w} as {@code ldc}, {@code goto_w} as
 * {@code goto}): which one javac picked depends on the constant pool's layout, not on the code.
 */
final class Instructions {

    private static final int WIDE = 196;
    private static final int TABLESWITCH = 170;
    private static final int LOOKUPSWITCH = 171;
    private static final int IINC = 132;

    /** By opcode: its length when fixed, 0 when variable or not an instruction. */
    private static final byte[] LENGTH = new byte[256];

    static {
        fill(0, 15, 1);
        fill(16, 16, 2); // bipush
        fill(17, 17, 3); // sipush
        fill(18, 18, 2); // ldc
        fill(19, 20, 3); // ldc_w, ldc2_w
        fill(21, 25, 2); // iload .. aload
        fill(26, 53, 1); // iload_0 .. saload
        fill(54, 58, 2); // istore .. astore
        fill(59, 131, 1); // istore_0 .. lxor
        fill(132, 132, 3); // iinc
        fill(133, 152, 1); // i2l .. dcmpg
        fill(153, 168, 3); // ifeq .. jsr
        fill(169, 169, 2); // ret
        fill(172, 177, 1); // ireturn .. return
        fill(178, 184, 3); // getstatic .. invokestatic
        fill(185, 186, 5); // invokeinterface, invokedynamic
        fill(187, 187, 3); // new
        fill(188, 188, 2); // newarray
        fill(189, 189, 3); // anewarray
        fill(190, 191, 1); // arraylength, athrow
        fill(192, 193, 3); // checkcast, instanceof
        fill(194, 195, 1); // monitorenter, monitorexit
        fill(197, 197, 4); // multianewarray
        fill(198, 199, 3); // ifnull, ifnonnull
        fill(200, 201, 5); // goto_w, jsr_w
    }

    private static void fill(int from, int to, int length) {
        for (int i = from; i <= to; i++) {
            LENGTH[i] = (byte) length;
        }
    }

    private Instructions() {
    }

    private static boolean jump(int opcode) {
        return opcode >= 153 && opcode <= 168 || opcode == 198 || opcode == 199;
    }

    /** Marks the offsets the instruction at {@code at} (bytecode offset {@code offset}) jumps to; returns the next one's. */
    static int markTargets(ClassFile file, int at, int offset, boolean[] targets) {
        int opcode = file.u1(at);
        if (jump(opcode)) {
            targets[offset + file.s2(at + 1)] = true;
        } else if (opcode == 200 || opcode == 201) {
            targets[offset + file.u4(at + 1)] = true;
        } else if (opcode == TABLESWITCH) {
            int p = at + 4 - (offset & 3);
            targets[offset + file.u4(p)] = true;
            int count = file.u4(p + 8) - file.u4(p + 4) + 1;
            p += 12;
            for (int i = 0; i < count; i++, p += 4) {
                targets[offset + file.u4(p)] = true;
            }
            return p;
        } else if (opcode == LOOKUPSWITCH) {
            int p = at + 4 - (offset & 3);
            targets[offset + file.u4(p)] = true;
            int count = file.u4(p + 4);
            p += 8;
            for (int i = 0; i < count; i++, p += 8) {
                targets[offset + file.u4(p + 4)] = true;
            }
            return p;
        } else if (opcode == WIDE) {
            int widened = file.u1(at + 1);
            if (widened == IINC) {
                return at + 6;
            }
            if (widened >= 21 && widened <= 25 || widened >= 54 && widened <= 58 || widened == 169) {
                return at + 4;
            }
            throw new IllegalArgumentException("wide before opcode " + widened);
        }
        return at + length(opcode);
    }

    private static int length(int opcode) {
        int length = LENGTH[opcode];
        if (length == 0) {
            throw new IllegalArgumentException("not an instruction: opcode " + opcode);
        }
        return length;
    }

    /**
     * Marks the ranges of local variables with type annotations: javac writes labels there, so a
     * reader numbering labels must too (the numbers are in the canonical form).
     */
    static void markAnnotatedVariables(ClassFile file, int attributes, boolean[] targets) {
        int at = attributes + 2;
        for (int i = file.u2(attributes); i > 0; i--) {
            String name = file.utf8(file.u2(at));
            int end = at + 6 + file.u4(at + 2);
            if (name.equals("RuntimeVisibleTypeAnnotations") || name.equals("RuntimeInvisibleTypeAnnotations")) {
                int p = at + 8;
                for (int n = file.u2(at + 6); n > 0; n--) {
                    int target = file.u1(p);
                    if (target == 0x40 || target == 0x41) { // a local variable, a resource variable
                        int ranges = file.u2(p + 1);
                        p += 3;
                        for (int r = 0; r < ranges; r++, p += 6) {
                            targets[file.u2(p)] = true;
                            targets[file.u2(p) + file.u2(p + 2)] = true;
                        }
                    } else if (target >= 0x47 && target <= 0x4b) { // a cast, a type argument
                        p += 4;
                    } else if (target >= 0x42 && target <= 0x46 || target >= 0x10 && target <= 0x12
                            || target == 0x17) {
                        p += 3;
                    } else {
                        throw new IllegalArgumentException("a type annotation of an unknown target in code: " + target);
                    }
                    p += 1 + 2 * file.u1(p); // the type path
                    p = skipElementValues(file, p + 2, true); // after the annotation's type
                }
            }
            at = end;
        }
    }

    private static int skipElementValues(ClassFile file, int at, boolean named) {
        int p = at + 2;
        for (int n = file.u2(at); n > 0; n--) {
            if (named) {
                p += 2;
            }
            int tag = file.u1(p++);
            p = switch (tag) {
                case 'e' -> p + 4;
                case '@' -> skipElementValues(file, p + 2, true);
                case '[' -> skipElementValues(file, p, false);
                default -> p + 2;
            };
        }
        return p;
    }

    /** Writes the instruction at {@code at} (bytecode offset {@code offset}); returns the next one's. */
    static int write(ClassFile file, int at, int offset, CanonicalCode code) {
        int opcode = file.u1(at);
        if (opcode >= 26 && opcode <= 45 || opcode >= 59 && opcode <= 78) { // xload_n, xstore_n
            int n = opcode - (opcode <= 45 ? 26 : 59);
            code.writeInt((opcode <= 45 ? 21 : 54) + (n >> 2));
            code.writeInt(n & 3);
            return at + 1;
        }
        if (jump(opcode)) {
            code.writeInt(opcode);
            code.writeInt(code.label(offset + file.s2(at + 1)));
            return at + 3;
        }
        switch (opcode) {
            case 16, 188 -> { // bipush, newarray: a signed byte
                code.writeInt(opcode);
                code.writeInt(file.bytes[at + 1]);
            }
            case 17 -> { // sipush
                code.writeInt(opcode);
                code.writeInt(file.s2(at + 1));
            }
            case 18 -> code.ldc(file.u1(at + 1));
            case 19, 20 -> code.ldc(file.u2(at + 1));
            case 21, 22, 23, 24, 25, 54, 55, 56, 57, 58, 169 -> { // xload, xstore, ret
                code.writeInt(opcode);
                code.writeInt(file.u1(at + 1));
            }
            case IINC -> {
                code.writeInt(IINC);
                code.writeInt(file.u1(at + 1));
                code.writeInt(file.bytes[at + 2]);
            }
            case 200, 201 -> { // goto_w, jsr_w
                code.writeInt(opcode - 33);
                code.writeInt(code.label(offset + file.u4(at + 1)));
            }
            case WIDE -> {
                int widened = file.u1(at + 1);
                code.writeInt(widened);
                code.writeInt(file.u2(at + 2));
                if (widened == IINC) {
                    code.writeInt(file.s2(at + 4));
                }
            }
            case TABLESWITCH -> {
                return tableSwitch(file, at, offset, code);
            }
            case LOOKUPSWITCH -> {
                return lookupSwitch(file, at, offset, code);
            }
            case 178, 179, 180, 181 -> code.fieldInstruction(opcode, file.u2(at + 1));
            case 182, 183, 184, 185 -> code.methodInstruction(opcode, file.u2(at + 1));
            case 186 -> code.invokeDynamic(file.u2(at + 1));
            case 187, 189, 192, 193 -> code.typeInstruction(opcode, file.className(file.u2(at + 1)));
            case 197 -> {
                code.writeInt(opcode);
                code.writeString(file.className(file.u2(at + 1)));
                code.writeInt(file.u1(at + 3));
            }
            default -> code.writeInt(opcode); // the rest have no operands
        }
        return opcode == WIDE ? at + (file.u1(at + 1) == IINC ? 6 : 4) : at + length(opcode);
    }

    private static int tableSwitch(ClassFile file, int at, int offset, CanonicalCode code) {
        int p = at + 4 - (offset & 3);
        int otherwise = offset + file.u4(p);
        int low = file.u4(p + 4);
        int high = file.u4(p + 8);
        if (high < low - 1) {
            throw new IllegalArgumentException("a tableswitch whose high is below its low");
        }
        code.writeInt(TABLESWITCH);
        code.writeInt(low);
        code.writeInt(high);
        code.writeInt(code.label(otherwise));
        p += 12;
        int count = high - low + 1;
        for (int i = 0; i < count; i++, p += 4) {
            code.writeInt(code.label(offset + file.u4(p)));
        }
        return p;
    }

    private static int lookupSwitch(ClassFile file, int at, int offset, CanonicalCode code) {
        int p = at + 4 - (offset & 3);
        int otherwise = offset + file.u4(p);
        int count = file.u4(p + 4);
        code.writeInt(LOOKUPSWITCH);
        code.writeInt(code.label(otherwise));
        code.writeInt(count);
        p += 8;
        for (int i = 0; i < count; i++, p += 8) {
            code.writeInt(file.u4(p));
            code.writeInt(code.label(offset + file.u4(p + 4)));
        }
        return p;
    }
}
