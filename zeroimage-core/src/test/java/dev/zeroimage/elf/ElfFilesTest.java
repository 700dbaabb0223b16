package dev.zeroimage.elf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElfFilesTest {
    @TempDir
    Path dir;

    @Test
    void theMagicDecides() throws Exception {
        assertTrue(ElfFiles.isElf(new SyntheticElf().write(dir.resolve("app"))));
        assertFalse(ElfFiles.isElf(Files.write(dir.resolve("app.jar"), new byte[] {'P', 'K', 3, 4, 0})));
        assertFalse(ElfFiles.isElf(Files.write(dir.resolve("short"), new byte[] {0x7f, 'E'})));
        assertFalse(ElfFiles.isElf(dir.resolve("missing")));
        assertFalse(ElfFiles.isElf(dir));
    }
}
