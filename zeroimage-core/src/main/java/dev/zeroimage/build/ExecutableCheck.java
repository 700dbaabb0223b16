package dev.zeroimage.build;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.elf.ElfInfo;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Platform;


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
}
