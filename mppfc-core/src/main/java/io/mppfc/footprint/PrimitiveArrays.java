package io.mppfc.footprint;

/** Reading the array tags back: a separate class so the reader's switch stays readable. */
final class PrimitiveArrays {

    private PrimitiveArrays() {
    }

    /** The array for {@code tag}, or {@code null} when the tag is not an array tag. */
    static Object read(FootprintReader in, byte tag) {
        switch (tag) {
            case Tag.OBJECT_ARRAY:
                return in.readObjectArray();
            case Tag.BYTE_ARRAY: {
                byte[] a = new byte[in.readCount(1)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readByte();
                }
                return a;
            }
            case Tag.BOOLEAN_ARRAY: {
                boolean[] a = new boolean[in.readCount(1)];
                for (int i = 0; i < a.length; i++) {
                    byte b = in.readByte();
                    if (b != 0 && b != 1) {
                        throw in.malformed("boolean byte " + b);
                    }
                    a[i] = b == 1;
                }
                return a;
            }
            case Tag.SHORT_ARRAY: {
                short[] a = new short[in.readCount(2)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readShort();
                }
                return a;
            }
            case Tag.CHAR_ARRAY: {
                char[] a = new char[in.readCount(2)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = (char) in.readShort();
                }
                return a;
            }
            case Tag.INT_ARRAY: {
                int[] a = new int[in.readCount(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readInt();
                }
                return a;
            }
            case Tag.FLOAT_ARRAY: {
                float[] a = new float[in.readCount(4)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Float.intBitsToFloat(in.readInt());
                }
                return a;
            }
            case Tag.LONG_ARRAY: {
                long[] a = new long[in.readCount(8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = in.readLong();
                }
                return a;
            }
            case Tag.DOUBLE_ARRAY: {
                double[] a = new double[in.readCount(8)];
                for (int i = 0; i < a.length; i++) {
                    a[i] = Double.longBitsToDouble(in.readLong());
                }
                return a;
            }
            default:
                return null;
        }
    }
}
