package dev.zeroimage.image;

/**
 * A layer put on top of a base together with its history line: the config's {@code rootfs.diff_ids}
 * and {@code history} are both derived from the list of additions, so they cannot drift apart.
 */
public record Addition(Layer layer, String createdBy) {
}
