package dev.zeroimage.base;

import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Platform;

import java.io.IOException;

/** Turns a base spec into a base image for a platform; the build calls it once the platform is known. */
@FunctionalInterface
public interface BaseResolver {
    BaseImage resolve(BaseSpec spec, Platform platform) throws IOException;
}
