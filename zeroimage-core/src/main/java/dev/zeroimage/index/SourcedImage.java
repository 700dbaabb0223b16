package dev.zeroimage.index;

import dev.zeroimage.image.Image;
import dev.zeroimage.registry.ImagePusher;

/** One platform's image as read from a source, and where its blobs can be had when pushing. */
public record SourcedImage(Image image, IndexSource source, ImagePusher.Origin origin) {
}
