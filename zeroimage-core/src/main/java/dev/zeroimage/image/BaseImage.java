package dev.zeroimage.image;

import java.util.List;

/**
 * What an image is built on: its layers (kept byte for byte) and config. {@code scratch} has neither.
 *
 * @param name           what users gave ({@code alpine:3.20}, {@code static}, an archive path), for messages
 * @param manifestDigest the digest the base resolved to (index or manifest); null when generated
 * @param config         the base config; null for scratch
 * @param reference      set only for a base pulled from a registry: then recorded in the
 *                       {@code base.name}/{@code base.digest} annotations (a local path would make
 *                       the image depend on where the archive lies)
 */
public record BaseImage(String name, Digest manifestDigest, ImageConfig config, List<Layer> layers,
                        ImageReference reference) {

    public BaseImage(String name, Digest manifestDigest, ImageConfig config, List<Layer> layers) {
        this(name, manifestDigest, config, layers, null);
    }

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
