package io.mppfc.cache;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What checking the key and function of a format 4 entry costs on a hit: the check alone, per
 * call, over 15 rounds, next to the CRC32C every hit computes anyway. Not a test: run with
 * {@code mvn -q -pl mppfc-core test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.mppfc.cache.OwnerCheckCost}.
 */
public final class OwnerCheckCost {

    private OwnerCheckCost() {
    }

    public static void main(String[] a) throws Exception {
        CacheKey key = CacheKey.of(io.mppfc.footprint.Footprint.sha256(1));
        byte[] fid = EntryFormat.functionId(Path.of("f@0123456789abcdef"));
        byte[] entry = EntryFormat.encode(key, fid, (byte) 3, (byte) 0, 1, 1, new byte[14], new byte[9]);
        EntryFormat.Header h = EntryFormat.parseHeader(ByteBuffer.wrap(entry, 0, EntryFormat.HEADER).slice(), entry.length);
        int n = 20_000_000;
        double[] check = new double[15];
        double[] crc = new double[15];
        long sink = 0;
        for (int round = 0; round < check.length; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                entry[100] = (byte) i; // outside what is compared: keeps the loop from being hoisted
                EntryFormat.checkOwner(h, entry, key, fid);
                sink += entry[100];
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < n / 20; i++) {
                java.util.zip.CRC32C c = new java.util.zip.CRC32C();
                c.update(entry, 0, entry.length - 4);
                sink += c.getValue();
            }
            long t2 = System.nanoTime();
            check[round] = (t1 - t0) / (double) n;
            crc[round] = (t2 - t1) / (double) (n / 20);
        }
        Arrays.sort(check);
        Arrays.sort(crc);
        System.out.printf("key+function check: min %.2f ns, median %.2f ns, max %.2f ns; CRC32C of the same %d-byte entry: min %.2f ns, median %.2f ns (%d)%n",
                check[0], check[check.length / 2], check[check.length - 1], entry.length, crc[0], crc[crc.length / 2], sink % 2);
    }
}
