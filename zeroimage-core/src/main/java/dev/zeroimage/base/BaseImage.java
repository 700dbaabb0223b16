package dev.zeroimage.base;

import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.Platform;
import dev.zeroimage.layer.Layer;

import java.util.List;

/**
 * What an image is built on: its layers (kept byte for byte) and config. {@code scratch} has neither.
 *
 * @param name           the reference users gave ({@code alpine:3.20}, {@code static}); null for scratch
 * @param manifestDigest the base manifest's digest, recorded in the annotations; null when generated
 * @param config         the base config; null for scratch
 */
public record BaseImage(String name, Digest manifestDigest, ImageConfig config, List<Layer> layers) {

    public static BaseImage scratch() {
        return new BaseImage(null, null, null, List.of());
    }

    public boolean isScratch() {
        return layers.isEmpty() && config == null;
    }

    public Platform platform() {
        return config == null || config.os == null || config.architecture == null ? null : config.platform();
    }
}
