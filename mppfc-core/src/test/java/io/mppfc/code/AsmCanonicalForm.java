package io.mppfc.code;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The canonical form as mppfc wrote it with ASM up to this version, kept as the reference that
 * {@link CanonicalCode} must reproduce byte for byte ({@code CanonicalCodeTest}): a change of
 * the form would give every function a new code version.
 */
final class AsmCanonicalForm {

    /** The flags that change what a method does; varargs, bridge and the like do not. */
    private static final int MEANINGFUL_ACCESS = Opcodes.ACC_STATIC | Opcodes.ACC_SYNCHRONIZED | Opcodes.ACC_NATIVE
            | Opcodes.ACC_ABSTRACT | Opcodes.ACC_STRICT;

    private AsmCanonicalForm() {
    }

    /** What ASM reads of a class: its supertypes and each method's summary by name + descriptor. */
    record Summary(String superName, List<String> interfaces, Map<String, MethodSummary> methods) {
    }

    /**
     * @param compact scheme 2's canonical form: integers as zig-zag varints and a name met again
     *     in the same method as a back-reference, a third of the bytes to hash of scheme 1's
     *     fixed-width fields (which checking an earlier version still needs)
     */
    static Summary read(byte[] classFile, boolean compact) {
        Map<String, MethodSummary> methods = new HashMap<>();
        String[] superName = new String[1];
        List<String> interfaces = new ArrayList<>();
        new ClassReader(readable(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superclass,
                    String[] declared) {
                superName[0] = superclass;
                if (declared != null) {
                    interfaces.addAll(List.of(declared));
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new Normaliser(access, name, descriptor, compact,
                        summary -> methods.put(name + descriptor, summary));
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new Summary(superName[0], List.copyOf(interfaces), Map.copyOf(methods));
    }

    /** The oldest class-file version that has every instruction and constant a newer one may hold. */
    private static final int READ_AS_VERSION = Opcodes.V17;

    /**
     * The class file with a version this ASM reads: a newer JDK's class files hold nothing the
     * summary reads that JDK 17's cannot, and the version says only which javac wrote it, which
     * is not what the code means. Only the version field changes, in a copy.
     */
    static byte[] readable(byte[] classFile) {
        if (classFile.length < 8) {
            return classFile;
        }
        int major = ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
        if (major <= (READ_AS_VERSION & 0xffff)) {
            return classFile;
        }
        byte[] copy = classFile.clone();
        copy[4] = 0;
        copy[5] = 0;
        copy[6] = (byte) ((READ_AS_VERSION & 0xffff) >>> 8);
        copy[7] = (byte) READ_AS_VERSION;
        return copy;
    }

    /**
     * A class outside the user's code, read only for what a user's subclass could override:
     * its supertypes and its methods that are neither static nor private nor constructors.
     */
    static ClassSummaries.Outside readOutside(byte[] classFile) {
        String[] superName = new String[1];
        List<String> interfaces = new ArrayList<>();
        List<String> overridable = new ArrayList<>();
        new ClassReader(readable(classFile)).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superclass,
                    String[] declared) {
                superName[0] = superclass;
                if (declared != null) {
                    interfaces.addAll(List.of(declared));
                }
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if ((access & (Opcodes.ACC_STATIC | Opcodes.ACC_PRIVATE)) == 0 && !name.startsWith("<")) {
                    overridable.add(name + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return new ClassSummaries.Outside(superName[0], List.copyOf(interfaces), List.copyOf(overridable));
    }

    /** Writes each instruction as tagged, fixed-width or length-prefixed fields. */
    private static final class Normaliser extends MethodVisitor {

        /** Unsynchronised, unlike the JDK's streams: a method is written a few bytes at a time. */
        private byte[] bytes = new byte[256];
        private int length;
        private final Map<Label, Integer> labels = new IdentityHashMap<>();
        private final List<MethodSummary.Call> calls = new ArrayList<>();
        private final List<String> initialises = new ArrayList<>();
        private final List<String> instantiates = new ArrayList<>();
        private final java.util.function.Consumer<MethodSummary> done;

        private final boolean compact;
        /** Compact form only: the names written so far in this method, by their order of first mention. */
        private final Map<String, Integer> written = new HashMap<>();

        Normaliser(int access, String name, String descriptor, boolean compact,
                java.util.function.Consumer<MethodSummary> done) {
            super(Opcodes.ASM9);
            this.compact = compact;
            this.done = done;
            writeInt(access & MEANINGFUL_ACCESS);
            writeString(ClassSummaries.stableName(name));
            writeString(descriptor);
        }

        @Override
        public void visitInsn(int opcode) {
            writeInt(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            writeInt(opcode);
            writeInt(operand);
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            writeInt(opcode);
            writeInt(slot);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            writeInt(opcode);
            writeString(type);
            if (opcode == Opcodes.NEW) {
                initialises.add(type);
                instantiates.add(type);
            }
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            writeInt(opcode);
            writeString(owner);
            writeString(name);
            writeString(descriptor);
            if (opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC) {
                initialises.add(owner);
            }
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            writeInt(opcode);
            writeString(owner);
            writeString(ClassSummaries.stableName(name));
            writeString(descriptor);
            calls.add(new MethodSummary.Call(owner, name.concat(descriptor),
                    opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE));
            if (opcode == Opcodes.INVOKESTATIC) {
                initialises.add(owner);
            }
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            writeInt(Opcodes.INVOKEDYNAMIC);
            writeString(name);
            writeString(descriptor);
            writeConstant(bootstrap);
            writeInt(arguments.length);
            for (Object argument : arguments) {
                writeConstant(argument);
            }
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            writeInt(opcode);
            writeInt(label(label));
        }

        @Override
        public void visitLabel(Label label) {
            writeInt(-1);
            writeInt(label(label));
        }

        @Override
        public void visitLdcInsn(Object value) {
            writeInt(Opcodes.LDC);
            writeConstant(value);
        }

        @Override
        public void visitIincInsn(int slot, int increment) {
            writeInt(Opcodes.IINC);
            writeInt(slot);
            writeInt(increment);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label otherwise, Label... targets) {
            writeInt(Opcodes.TABLESWITCH);
            writeInt(min);
            writeInt(max);
            writeInt(label(otherwise));
            for (Label target : targets) {
                writeInt(label(target));
            }
        }

        @Override
        public void visitLookupSwitchInsn(Label otherwise, int[] keys, Label[] targets) {
            writeInt(Opcodes.LOOKUPSWITCH);
            writeInt(label(otherwise));
            writeInt(keys.length);
            for (int i = 0; i < keys.length; i++) {
                writeInt(keys[i]);
                writeInt(label(targets[i]));
            }
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            writeInt(Opcodes.MULTIANEWARRAY);
            writeString(descriptor);
            writeInt(dimensions);
        }

        @Override
        public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
            writeInt(-2);
            writeInt(label(start));
            writeInt(label(end));
            writeInt(label(handler));
            writeString(type == null ? "" : type);
        }

        @Override
        public void visitEnd() {
            done.accept(new MethodSummary(java.util.Arrays.copyOf(bytes, length), List.copyOf(calls),
                    List.copyOf(initialises), List.copyOf(instantiates)));
        }

        /** Numbered in order of first mention, which the instructions fix. */
        private int label(Label label) {
            return labels.computeIfAbsent(label, l -> labels.size());
        }

        private void writeConstant(Object value) {
            if (value instanceof Handle handle) {
                writeInt(1);
                writeInt(handle.getTag());
                writeString(handle.getOwner());
                writeString(ClassSummaries.stableName(handle.getName()));
                writeString(handle.getDesc());
                // a lambda's or method reference's body runs when the function calls it
                int tag = handle.getTag();
                if (tag != Opcodes.H_GETFIELD && tag != Opcodes.H_GETSTATIC && tag != Opcodes.H_PUTFIELD
                        && tag != Opcodes.H_PUTSTATIC) {
                    calls.add(new MethodSummary.Call(handle.getOwner(), handle.getName().concat(handle.getDesc()),
                            tag == Opcodes.H_INVOKEVIRTUAL || tag == Opcodes.H_INVOKEINTERFACE));
                }
                if (tag == Opcodes.H_NEWINVOKESPECIAL) {
                    instantiates.add(handle.getOwner());
                }
            } else if (value instanceof ConstantDynamic dynamic) {
                writeInt(2);
                writeString(dynamic.getName());
                writeString(dynamic.getDescriptor());
                writeConstant(dynamic.getBootstrapMethod());
                writeInt(dynamic.getBootstrapMethodArgumentCount());
                for (int i = 0; i < dynamic.getBootstrapMethodArgumentCount(); i++) {
                    writeConstant(dynamic.getBootstrapMethodArgument(i));
                }
            } else if (value instanceof Type type) {
                writeInt(3);
                writeString(type.getDescriptor());
            } else if (value instanceof String text) {
                writeInt(4);
                writeString(text);
            } else if (value instanceof Integer number) {
                writeInt(5);
                writeInt(number);
            } else if (value instanceof Float number) {
                writeInt(6);
                writeInt(Float.floatToRawIntBits(number));
            } else if (value instanceof Long number) {
                writeInt(7);
                writeLong(number);
            } else if (value instanceof Double number) {
                writeInt(8);
                writeLong(Double.doubleToRawLongBits(number));
            } else {
                throw new IllegalStateException("a constant of an unknown kind in a class file: " + value.getClass());
            }
        }

        private void ensure(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        private void writeInt(int value) {
            if (compact) {
                writeVarint((value << 1) ^ (value >> 31));
            } else {
                writeFixed(value);
            }
        }

        private void writeFixed(int value) {
            ensure(4);
            bytes[length++] = (byte) (value >>> 24);
            bytes[length++] = (byte) (value >>> 16);
            bytes[length++] = (byte) (value >>> 8);
            bytes[length++] = (byte) value;
        }

        private void writeVarint(int value) {
            ensure(5);
            int rest = value;
            while ((rest & ~0x7f) != 0) {
                bytes[length++] = (byte) ((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            bytes[length++] = (byte) rest;
        }

        private void writeLong(long value) {
            writeFixed((int) (value >>> 32));
            writeFixed((int) value);
        }

        private void writeString(String value) {
            String stable = ClassSummaries.stableText(value);
            if (compact) {
                Integer before = written.putIfAbsent(stable, written.size());
                if (before != null) {
                    writeVarint(before + 1);
                    return;
                }
                writeVarint(0);
            }
            byte[] utf8 = stable.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            writeInt(utf8.length);
            ensure(utf8.length);
            System.arraycopy(utf8, 0, bytes, length, utf8.length);
            length += utf8.length;
        }
    }
}
