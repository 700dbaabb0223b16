package dev.zeroimage.layer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParallelGzipOutputStreamTest {

    /** Half text-like, half random: compressible like real code, but not trivially. */
    static byte[] sampleData(int size, long seed) {
        Random random = new Random(seed);
        byte[] data = new byte[size];
        String words = "mov rax, rbx; call printf; ret; push rbp; lea rdi, [rip+0x2000]; ";
        for (int i = 0; i < size; i++) {
            data[i] = (i / 4096) % 2 == 0 ? (byte) words.charAt(i % words.length()) : (byte) random.nextInt(256);
        }
        return data;
    }

    static byte[] compress(byte[] input, int threads, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ParallelGzipOutputStream gzip = new ParallelGzipOutputStream(out, level, threads)) {
            // Odd write sizes so block boundaries fall inside writes.
            int offset = 0;
            int chunk = 7919;
            while (offset < input.length) {
                int n = Math.min(chunk, input.length - offset);
                gzip.write(input, offset, n);
                offset += n;
            }
        }
        return out.toByteArray();
    }

    static byte[] decompress(byte[] gzip) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 1000, ParallelGzipOutputStream.BLOCK_SIZE - 1, ParallelGzipOutputStream.BLOCK_SIZE,
            ParallelGzipOutputStream.BLOCK_SIZE + 1, 3 * ParallelGzipOutputStream.BLOCK_SIZE + 12345})
    void roundTripsAsOneStandardGzipMember(int size) throws IOException {
        byte[] input = sampleData(size, size);
        byte[] compressed = compress(input, 3, 6);
        assertArrayEquals(input, decompress(compressed));
    }

    @Test
    void bytesDoNotDependOnTheNumberOfThreads() throws IOException {
        byte[] input = sampleData(5 * ParallelGzipOutputStream.BLOCK_SIZE + 777, 42);
        byte[] single = compress(input, 1, 6);
        assertArrayEquals(single, compress(input, 2, 6));
        assertArrayEquals(single, compress(input, 8, 6));
    }

    @Test
    void headerHasNoTimeNameOrHostOperatingSystem() throws IOException {
        byte[] compressed = compress(sampleData(10, 1), 2, 6);
        byte[] expectedHeader = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};
        for (int i = 0; i < expectedHeader.length; i++) {
            assertEquals(expectedHeader[i], compressed[i], "gzip header byte " + i);
        }
    }

    @Test
    void compressesAboutAsWellAsASingleStream() throws IOException {
        byte[] input = sampleData(4 * ParallelGzipOutputStream.BLOCK_SIZE, 7);
        ByteArrayOutputStream reference = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(reference)) {
            gzip.write(input);
        }
        int parallel = compress(input, 2, 6).length;
        assertTrue(parallel < reference.size() * 1.02, "parallel " + parallel + " vs single " + reference.size());
    }
}
