package dev.zeroimage.libraries;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.elf.ElfInfo;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where bundled libraries come from: the build machine's root, a cross-toolchain root, or an unpacked image. */
final class Sysroot {
    private Sysroot() {
    }

    /**
     * The configured sysroot, else {@code /} when the executable is for the build machine's
     * architecture, else Debian's cross-toolchain root {@code /usr/<triplet>} when it exists.
     */
    static Path choose(Path configured, ElfInfo elf) {
        if (configured != null) {
            if (!Files.isDirectory(configured)) {
                throw new ZeroImageException("The sysroot " + configured + " (sysroot) is not a"
                        + " directory: point it at a root file system for " + elf.platform()
                        + " (a cross-toolchain root such as /usr/aarch64-linux-gnu, or an unpacked builder image)");
            }
            return configured.toAbsolutePath().normalize();
        }
        if (elf.machine() == Triplets.hostMachine() && elf.elfClass() == 64 == is64BitHost()) {
            return Path.of("/");
        }
        Triplets triplets = Triplets.of(elf);
        if (triplets != null) {
            Path cross = Path.of("/usr", triplets.toolchain());
            if (Files.isDirectory(cross)) {
                return cross;
            }
        }
        throw new ZeroImageException(elf.file() + " is for " + elf.platform() + ", not for this machine, and "
                + (triplets == null ? "there is no known cross-toolchain root for it"
                : "/usr/" + triplets.toolchain() + " (the cross-toolchain root) does not exist")
                + ": set sysroot to a root file system for " + elf.platform()
                + " to take its libraries from, for example an unpacked builder image");
    }

    /** True for Debian's cross roots, which keep libraries in {@code lib/} but are built for multiarch loaders. */
    static boolean isCrossRoot(Path root, ElfInfo elf) {
        Triplets triplets = Triplets.of(elf);
        return triplets != null && root.equals(Path.of("/usr", triplets.toolchain()));
    }

    private static boolean is64BitHost() {
        String model = System.getProperty("sun.arch.data.model", "64");
        return !model.equals("32");
    }
}
