package dev.zeroimage.elf;

import dev.zeroimage.image.Platform;

import java.nio.file.Path;
import java.util.List;

/**
 * What an ELF executable needs from an image: its platform and, when dynamically linked, its
 * program interpreter and the shared libraries it names.
 *
 * @param file                the inspected file
 * @param elfClass            32 or 64
 * @param littleEndian        true for ELFDATA2LSB
 * @param machine             {@code e_machine}
 * @param type                {@code e_type}: {@link #ET_EXEC} or {@link #ET_DYN}
 * @param interpreter         the {@code PT_INTERP} path, or null for a statically linked file
 * @param neededLibraries     {@code DT_NEEDED} names in file order, empty if none
 * @param positionIndependent true for PIE and static-pie ({@code ET_DYN}) executables
 */
public record ElfInfo(Path file, int elfClass, boolean littleEndian, int machine, int type,
                      String interpreter, List<String> neededLibraries, boolean positionIndependent) {

    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;

    public ElfInfo {
        neededLibraries = neededLibraries == null ? List.of() : List.copyOf(neededLibraries);
    }

    public boolean isDynamicallyLinked() {
        return interpreter != null;
    }

    /** The image platform this executable runs on, for example {@code linux/arm64/v8}. */
    public Platform platform() {
        Platform platform = ElfMachines.platform(machine, elfClass, littleEndian);
        if (platform == null) {
            throw ElfMachines.unsupported(file, machine, elfClass, littleEndian);
        }
        return platform;
    }

    /**
     * Like file(1), for example "ELF 64-bit LSB x86-64 static-pie executable" or
     * "ELF 64-bit LSB x86-64 dynamically linked pie executable (interpreter /lib64/ld-linux-x86-64.so.2)".
     */
    public String describe() {
        String linkage;
        if (interpreter == null) {
            linkage = positionIndependent ? "static-pie" : "statically linked";
        } else {
            linkage = positionIndependent ? "dynamically linked pie" : "dynamically linked";
        }
        return "ELF " + elfClass + "-bit " + (littleEndian ? "LSB" : "MSB") + " " + ElfMachines.name(machine)
                + " " + linkage + " executable" + (interpreter == null ? "" : " (interpreter " + interpreter + ")");
    }
}
