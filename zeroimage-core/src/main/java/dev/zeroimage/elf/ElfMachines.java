package dev.zeroimage.elf;

import dev.zeroimage.image.Platform;

import java.nio.file.Path;

/** Names of ELF {@code e_machine} values and their OCI platforms (GOARCH spelling, as the OCI spec uses). */
final class ElfMachines {
    static final int EM_386 = 3;
    static final int EM_MIPS = 8;
    static final int EM_PPC = 20;
    static final int EM_PPC64 = 21;
    static final int EM_S390 = 22;
    static final int EM_ARM = 40;
    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;
    static final int EM_RISCV = 243;
    static final int EM_LOONGARCH = 258;

    private static final String LINUX = "linux";

    private ElfMachines() {
    }

    /** A human name for {@code machine}, spelled as the {@code file} command does. */
    static String name(int machine) {
        return switch (machine) {
            case 2 -> "SPARC";
            case EM_386 -> "Intel 80386";
            case 4 -> "Motorola m68k";
            case EM_MIPS -> "MIPS";
            case 15 -> "PA-RISC";
            case EM_PPC -> "PowerPC";
            case EM_PPC64 -> "64-bit PowerPC";
            case EM_S390 -> "IBM S/390";
            case EM_ARM -> "ARM";
            case 42 -> "Renesas SH";
            case 43 -> "SPARC V9";
            case 50 -> "IA-64";
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "ARM aarch64";
            case EM_RISCV -> "RISC-V";
            case 247 -> "eBPF";
            case EM_LOONGARCH -> "LoongArch";
            default -> "unknown machine";
        };
    }

    /**
     * The container platform that runs code for this machine, class and byte order, or null when
     * there is none (for example x32, aarch64 big-endian or 31-bit s390).
     */
    static Platform platform(int machine, int elfClass, boolean littleEndian) {
        boolean is64 = elfClass == 64;
        String arch = switch (machine) {
            case EM_X86_64 -> is64 && littleEndian ? "amd64" : null;
            case EM_AARCH64 -> is64 && littleEndian ? "arm64" : null;
            case EM_ARM -> !is64 && littleEndian ? "arm" : null;
            case EM_386 -> !is64 && littleEndian ? "386" : null;
            case EM_RISCV -> is64 && littleEndian ? "riscv64" : null;
            case EM_PPC64 -> is64 ? (littleEndian ? "ppc64le" : "ppc64") : null;
            case EM_S390 -> is64 && !littleEndian ? "s390x" : null;
            case EM_MIPS -> (is64 ? "mips64" : "mips") + (littleEndian ? "le" : "");
            case EM_LOONGARCH -> is64 && littleEndian ? "loong64" : null;
            default -> null;
        };
        if (arch == null) {
            return null;
        }
        // Docker's defaults: arm64 means v8 and 32-bit arm means v7 (armhf); finer variants need the ARM attributes.
        String variant = switch (arch) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            default -> null;
        };
        return new Platform(LINUX, arch, variant);
    }

    /** The error for an executable whose machine, class and byte order have no {@link #platform}. */
    static NotAnExecutableException unsupported(Path file, int machine, int elfClass, boolean littleEndian) {
        return new NotAnExecutableException(file, file + " is built for " + elfClass + "-bit "
                + (littleEndian ? "LSB" : "MSB") + " " + name(machine) + " (e_machine " + machine
                + "), which no container platform supports: cross-compile it for a Linux platform such as"
                + " linux/amd64 or linux/arm64");
    }
}
