package dev.zeroimage.elf;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Static x86-64 executables for tests outside this package, of any size, without a compiler. */
public final class SyntheticExecutables {
    private SyntheticExecutables() {
    }

    /**
     * A static linux/amd64 executable of {@code size} bytes: the ELF structures, then seeded data that
     * compresses like real code (about 2:1), streamed so a large one is never held in memory.
     */
    public static Path staticAmd64(Path file, long size, long seed) throws IOException {
        return staticAmd64(file, size, seed, 2);
    }

    /**
     * As {@link #staticAmd64(Path, long, long)}; of every {@code oneIn} bytes one is random and the others
     * come from a four-letter alphabet ({@code oneIn} 2: about 2:1; larger: compresses better and faster).
     */
    public static Path staticAmd64(Path file, long size, long seed, int oneIn) throws IOException {
        byte[] header = new SyntheticElf().build();
        SplittableRandom random = new SplittableRandom(seed);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(header);
            byte[] block = new byte[64 * 1024];
            for (long written = header.length; written < size; written += block.length) {
                for (int i = 0; i < block.length; i++) {
                    // Half the bytes random, half a small alphabet: neither trivial nor incompressible.
                    block[i] = i % oneIn == 0 ? (byte) random.nextInt(256) : (byte) ('a' + random.nextInt(4));
                }
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return file;
    }
}
