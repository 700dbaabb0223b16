package dev.zeroimage.libraries;

import dev.zeroimage.elf.ElfInfo;

import java.util.Locale;

/**
 * GNU triplets per ELF machine: the multiarch directory name Debian's loaders search
 * ({@code /lib/x86_64-linux-gnu}) and the name of Debian's cross-toolchain root ({@code /usr/aarch64-linux-gnu}).
 */
record Triplets(String multiarch, String toolchain) {
    static final int EM_386 = 3;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int EM_ARM = 40;
    static final int EM_RISCV = 243;
    static final int EM_PPC64 = 21;
    static final int EM_S390 = 22;

    /** The triplets for this executable, or null when we know none. */
    static Triplets of(ElfInfo elf) {
        boolean is64 = elf.elfClass() == 64;
        return switch (elf.machine()) {
            case EM_X86_64 -> is64 ? same("x86_64-linux-gnu") : same("x86_64-linux-gnux32");
            case EM_AARCH64 -> same("aarch64-linux-gnu");
            case EM_ARM -> same("arm-linux-gnueabihf");
            case EM_386 -> new Triplets("i386-linux-gnu", "i686-linux-gnu");
            case EM_RISCV -> same("riscv64-linux-gnu");
            case EM_PPC64 -> same(elf.littleEndian() ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu");
            case EM_S390 -> same("s390x-linux-gnu");
            default -> null;
        };
    }

    private static Triplets same(String triplet) {
        return new Triplets(triplet, triplet);
    }

    /** The ELF machine of the JVM's host, or -1 when unknown. */
    static int hostMachine() {
        return switch (System.getProperty("os.arch", "").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> EM_X86_64;
            case "aarch64", "arm64" -> EM_AARCH64;
            case "arm" -> EM_ARM;
            case "x86", "i386", "i686" -> EM_386;
            case "riscv64" -> EM_RISCV;
            case "ppc64le", "ppc64" -> EM_PPC64;
            case "s390x" -> EM_S390;
            default -> -1;
        };
    }
}
