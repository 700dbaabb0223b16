package dev.zeroimage.build;

import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.Platform;
import dev.zeroimage.libraries.LibraryPlan;

import java.nio.file.Path;

/**
 * What the build made for one platform: the image, the base it resolved, what it did about libraries
 * (bundled files, warnings for the log) and the executable it put in. The SBOM and the reports need all four.
 */
public record PlatformBuild(Image image, BaseImage base, LibraryPlan libraries, Path executable) {

    public Platform platform() {
        return image.platform();
    }
}
