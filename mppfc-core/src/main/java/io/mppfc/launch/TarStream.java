package io.mppfc.launch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A POSIX ustar archive of plain files, written as it goes: the one stream format every host's
 * {@code tar} reads, so any number of jars travel over one SSH connection.
 */
final class TarStream {

    private static final int BLOCK = 512;
    /** What an 11-digit octal size field holds. */
    private static final long MAX_SIZE = (1L << 33) - 1;

    private final OutputStream out;

    TarStream(OutputStream out) {
        this.out = out;
    }

    /**
     * Adds {@code file} under {@code name} (a plain name below 100 bytes), mode 0644: exactly
     * {@code size} bytes, which must be those whose SHA-256 is {@code sha256}.
     *
     * @throws Changed if the file is no longer what was hashed (rebuilt meanwhile): its length or
     *     its bytes differ; the archive is then unfinished
     */
    void add(String name, Path file, long size, String sha256) throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length >= 100 || size > MAX_SIZE) {
            throw new IllegalArgumentException("a tar entry of " + size + " bytes named " + name);
        }
        byte[] header = new byte[BLOCK];
        System.arraycopy(nameBytes, 0, header, 0, nameBytes.length);
        octal(header, 100, 8, 0644);
        octal(header, 108, 8, 0);
        octal(header, 116, 8, 0);
        octal(header, 124, 12, size);
        octal(header, 136, 12, System.currentTimeMillis() / 1000);
        header[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, header, 257, 6);
        header[263] = '0';
        header[264] = '0';
        java.util.Arrays.fill(header, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : header) {
            sum += b & 0xff;
        }
        octal(header, 148, 7, sum);
        out.write(header);
        java.security.MessageDigest sent = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            long left = size;
            // exactly size bytes: a file grown meanwhile must not run into the next header
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) >= 0; left -= n) {
                sent.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            if (left > 0 || in.read() >= 0 || !java.util.HexFormat.of().formatHex(sent.digest()).equals(sha256)) {
                throw new Changed(file, size, Files.size(file));
            }
        }
        int pad = Math.floorMod(-size, BLOCK);
        out.write(new byte[pad]);
    }

    /** Ends the archive: two zero blocks. */
    void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    private static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A file shipped is no longer the one whose hash names it: rebuilt on this machine meanwhile. */
    static final class Changed extends IOException {
        private static final long serialVersionUID = 1L;

        Changed(Path file, long hashed, long now) {
            super(file + " changed on this machine after the run took its hash (" + hashed + " bytes then, " + now
                    + " now): a jar rebuilt during a run cannot be shipped; run again once the build is done");
        }
    }

    /** {@code value} as zero-padded octal digits filling {@code length - 1} bytes, then NUL. */
    private static void octal(byte[] header, int offset, int length, long value) {
        String digits = Long.toOctalString(value);
        String padded = "0".repeat(length - 1 - digits.length()) + digits;
        System.arraycopy(padded.getBytes(StandardCharsets.US_ASCII), 0, header, offset, length - 1);
        header[offset + length - 1] = 0;
    }
}
