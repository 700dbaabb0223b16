package dev.zeroimage.elf;

import java.util.List;

/**
 * One {@code .gnu.version_r} entry: the symbol versions an ELF file needs from one library, for
 * example {@code libc.so.6} with {@code GLIBC_2.34} and {@code GLIBC_2.2.5}.
 *
 * @param file     the library's name as the needing file records it ({@code vn_file})
 * @param versions the version names ({@code vna_name}) in file order
 */
public record VersionNeed(String file, List<String> versions) {
    public VersionNeed {
        versions = List.copyOf(versions);
    }
}
