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
        // One seeded megabyte, written again and again with a counter stamped into every 4 KiB: cheap to
        // generate, and beyond gzip's 32 KiB window the repeats do not make compression trivial.
        byte[] pattern = new byte[1 << 20];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = i % oneIn == 0 ? (byte) random.nextInt(256) : (byte) ('a' + random.nextInt(4));
        }
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write(header);
            long counter = 0;
            for (long written = header.length; written < size; written += pattern.length) {
                for (int page = 0; page < pattern.length; page += 4096) {
                    long stamp = counter++;
                    for (int b = 0; b < 8; b++) {
                        pattern[page + b] = (byte) (stamp >>> (8 * b));
                    }
                }
                out.write(pattern, 0, (int) Math.min(pattern.length, size - written));
            }
        }
        return file;
    }
}
