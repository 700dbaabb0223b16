package dev.zeroimage.elf;

import dev.zeroimage.testing.Fuzz;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded mutations of synthetic executables of every class and byte order: the inspector either
 * reads them or refuses them with its own exception naming the file; no other exception, no hang.
 * Runs in the {@code fuzz} surefire execution, under -Xmx256m.
 */
@Tag("fuzz")
class ElfInspectorFuzzTest {
    @TempDir
    Path dir;

    @Test
    void mutatedExecutables() {
        List<byte[]> originals = List.of(
                new SyntheticElf().interpreter("/lib64/ld-linux-x86-64.so.2").needed("libc.so.6", "libm.so.6").build(),
                new SyntheticElf().elfClass(32).bigEndian().machine(8).type(ElfInfo.ET_DYN)
                        .interpreter("/lib/ld.so.1").needed("libc.so.6").build(),
                new SyntheticElf().machine(ElfMachines.EM_AARCH64).build(),
                new SyntheticElf().elfClass(32).machine(40).interpreter("/lib/ld-linux-armhf.so.3").build());
        Random random = new Random(9_2026);
        Fuzz.Outcome outcome = Fuzz.run("elf", 1200, i -> {
            byte[] elf = Fuzz.mutate(originals.get(i % originals.size()), random);
            return () -> {
                Path file = Files.write(dir.resolve("fuzzed-" + (i % 8)), elf);
                try {
                    ElfInspector.inspect(file);
                } catch (NotAnExecutableException e) {
                    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
                    throw e;
                }
            };
        });
        assertTrue(outcome.accepted() > 0 && outcome.rejected() > 0, outcome::toString);
    }
}
