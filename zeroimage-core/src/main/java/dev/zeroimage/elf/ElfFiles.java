package dev.zeroimage.elf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Cheap questions about a file that do not need a full inspection. */
public final class ElfFiles {
    private ElfFiles() {
    }

    /** True when {@code file} is a regular file starting with the ELF magic; false when unreadable. */
    public static boolean isElf(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return FileSignatures.isElf(in.readNBytes(4));
        } catch (IOException e) {
            return false;
        }
    }
}
