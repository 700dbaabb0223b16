package dev.zeroimage.image;

import java.nio.file.Path;

/**
 * A finished layer: its descriptor (compressed digest, size, media type), the digest of the
 * uncompressed tar ({@code diff_id} in the config) and where its compressed bytes are on disk.
 */
public record Layer(Descriptor descriptor, Digest diffId, Path blob) {
}
