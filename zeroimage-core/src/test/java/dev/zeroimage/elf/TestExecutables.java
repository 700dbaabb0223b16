package dev.zeroimage.elf;

import java.nio.file.Path;

/** Synthetic executables for tests outside this package (no compiler needed). */
public final class TestExecutables {
    private TestExecutables() {
    }

    /** A statically linked x86_64 Linux executable (linux/amd64). */
    public static Path staticAmd64(Path file) {
        return new SyntheticElf().write(file);
    }

    /** A dynamically linked x86_64 executable needing {@code interpreter} and {@code libraries}. */
    public static Path dynamicAmd64(Path file, String interpreter, String... libraries) {
        return new SyntheticElf().interpreter(interpreter).needed(libraries).write(file);
    }

    /** A statically linked aarch64 executable (linux/arm64). */
    public static Path staticArm64(Path file) {
        return new SyntheticElf().machine(ElfMachines.EM_AARCH64).write(file);
    }

    /** A dynamically linked aarch64 executable needing {@code interpreter} and {@code libraries}. */
    public static Path dynamicArm64(Path file, String interpreter, String... libraries) {
        return new SyntheticElf().machine(ElfMachines.EM_AARCH64).interpreter(interpreter).needed(libraries).write(file);
    }
}
