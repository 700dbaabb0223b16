package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.LayerFiles;

import java.io.IOException;

/** The checks on the executable that turn a container that would not start into a build error. */
final class ExecutableCheck {
    private ExecutableCheck() {
    }

    /** The image platform: the configured one if it agrees with the ELF header, else the header's. */
    static Platform platformFor(ElfInfo elf, Platform configured) {
        Platform detected = elf.platform();
        Platform platform = detected;
        if (configured != null) {
            if (!configured.matches(detected)) {
                throw new ZeroImageException("The configured platform " + configured + " does not match "
                        + elf.file() + ", which is " + elf.describe() + " for " + detected
                        + ": set platform to " + detected + ", remove it, or build the executable for " + configured);
            }
            platform = configured.variant() != null ? configured : detected;
        }
        return platform;
    }

    static void requireBaseMatches(BaseImage base, Platform platform, ElfInfo elf) {
        Platform basePlatform = base.platform();
        if (basePlatform != null && !basePlatform.matches(platform)) {
            throw new ZeroImageException("The base image " + base.name() + " is for " + basePlatform
                    + " but the executable " + elf.file() + " is for " + platform
                    + ": choose a base for " + platform + " or set platform accordingly");
        }
    }

    /** A dynamically linked program in an image without its loader fails with "no such file or directory". */
    static void requireRunnable(ElfInfo elf, BuildOptions options, BaseImage base, LayerFiles baseFiles)
            throws IOException {
        if (!elf.isDynamicallyLinked() || options.allowDynamic()) {
            return;
        }
        if (!base.isScratch() && baseFiles.exists(elf.interpreter())) {
            return;
        }
        String image = base.isScratch() ? "a scratch image does" : "the base image " + base.name() + " does";
        throw new ZeroImageException(elf.file() + " is dynamically linked: it needs the interpreter "
                + elf.interpreter() + (elf.neededLibraries().isEmpty() ? "" : " and the libraries "
                + String.join(", ", elf.neededLibraries()))
                + ", which " + image + " not have, so the container would fail to start with"
                + " \"no such file or directory\". Fix it in one of these ways: link statically"
                + " (gcc/clang -static, or musl-gcc -static; Go with CGO_ENABLED=0; Rust with the"
                + " x86_64-unknown-linux-musl target), build the GraalVM native image with --static"
                + " (glibc) or --static --libc=musl, use a base image that carries these libraries"
                + " (from), or set allowDynamic if you add them yourself.");
    }
}
