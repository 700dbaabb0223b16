package dev.zeroimage.libraries;

import dev.zeroimage.elf.ElfInfo;

import java.nio.file.Path;

/**
 * One object of the program's closure.
 *
 * @param name       the soname it was needed as ({@code libz.so.1}), or the executable's image path
 * @param elf        what its ELF says
 * @param imagePath  where it is (or will be) in the image; its directory is its {@code $ORIGIN} there
 * @param source     the regular file to copy into the image (links followed), for a bundled object
 * @param originDir  its {@code $ORIGIN} on the build machine (where it was found), for a bundled object
 * @param kind       where it comes from
 */
record LoadedObject(String name, ElfInfo elf, String imagePath, Path source, Path originDir, Kind kind) {
    enum Kind { EXECUTABLE, IN_IMAGE, BUNDLED }

    String imageDirectory() {
        int slash = imagePath.lastIndexOf('/');
        return slash <= 0 ? "/" : imagePath.substring(0, slash);
    }
}
