package dev.zeroimage.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Background flushes of a large temporary file change nothing of what lands under the target name. */
class TempFileFlushTest {
    private static byte[] content(int size) {
        byte[] bytes = new byte[size];
        new Random(7).nextBytes(bytes);
        return bytes;
    }

    @Test
    void aFileWrittenAcrossSeveralFlushesArrivesWhole(@TempDir Path dir) throws IOException {
        byte[] expected = content((int) (2.5 * TempFile.FLUSH_EVERY));
        Path source = dir.resolve("source");
        Files.write(source, Arrays.copyOfRange(expected, expected.length / 2, expected.length));
        Path target = dir.resolve("target");
        try (TempFile temp = TempFile.create(dir, "t", ".tmp")) {
            try (OutputStream out = temp.output()) {
                for (int off = 0; off < expected.length / 2; off += 100_000) { // writes that cross the flush mark
                    out.write(expected, off, Math.min(100_000, expected.length / 2 - off));
                }
                try (FileChannel channel = FileChannel.open(source)) { // and a region copied in pieces
                    ((FileRegionSink) out).transferFrom(channel, channel.size());
                }
            }
            temp.moveTo(target);
        }
        assertArrayEquals(expected, Files.readAllBytes(target));
    }

    @Test
    void aFileClosedWhileFlushingIsRemoved(@TempDir Path dir) throws IOException {
        Path written;
        try (TempFile temp = TempFile.create(dir, "t", ".tmp")) {
            written = temp.path();
            try (OutputStream out = temp.output()) {
                out.write(content((int) TempFile.FLUSH_EVERY + 1)); // starts a flush
            }
        } // closed, not moved: a failed build's leftover
        assertFalse(Files.exists(written));
        assertEquals(0, TempFile.removeStale(dir, "*.tmp"));
    }
}
