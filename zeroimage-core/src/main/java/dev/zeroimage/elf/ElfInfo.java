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
 * @param soname              {@code DT_SONAME}, or null
 * @param runpath             {@code DT_RUNPATH} entries in order (unexpanded, {@code $ORIGIN} kept), empty if none
 * @param rpath               {@code DT_RPATH} entries in order, empty if none
 * @param versionNeeds        {@code .gnu.version_r} (via {@code DT_VERNEED}): versions needed per library
 * @param versionDefinitions  {@code .gnu.version_d} (via {@code DT_VERDEF}): versions this file defines,
 *                            without the base entry that repeats its soname
 */
public record ElfInfo(Path file, int elfClass, boolean littleEndian, int machine, int type,
                      String interpreter, List<String> neededLibraries, boolean positionIndependent,
                      String soname, List<String> runpath, List<String> rpath,
                      List<VersionNeed> versionNeeds, List<String> versionDefinitions) {

    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;

    public ElfInfo {
        neededLibraries = copy(neededLibraries);
        runpath = copy(runpath);
        rpath = copy(rpath);
        versionNeeds = copy(versionNeeds);
        versionDefinitions = copy(versionDefinitions);
    }

    /** Without the dynamic-linking details beyond {@code DT_NEEDED}. */
    public ElfInfo(Path file, int elfClass, boolean littleEndian, int machine, int type,
                   String interpreter, List<String> neededLibraries, boolean positionIndependent) {
        this(file, elfClass, littleEndian, machine, type, interpreter, neededLibraries, positionIndependent,
                null, null, null, null, null);
    }

    private static <T> List<T> copy(List<T> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    /** The versions this file needs from {@code library} (a soname such as {@code libc.so.6}), empty if none. */
    public List<String> versionsNeededFrom(String library) {
        return versionNeeds.stream().filter(need -> need.file().equals(library))
                .flatMap(need -> need.versions().stream()).toList();
    }

    /** Class, byte order and machine: what a library must share with the program to be loaded. */
    public ElfIdentity identity() {
        return new ElfIdentity(elfClass, littleEndian, machine);
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
