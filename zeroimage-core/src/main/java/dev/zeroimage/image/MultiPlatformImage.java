package dev.zeroimage.image;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One image for several platforms: an OCI image index (or, in the docker format, a Docker manifest
 * list) over single-platform images, in the order given. The index is kept as the exact bytes its
 * digest is taken of; every image is a complete {@link Image} value.
 */
public record MultiPlatformImage(ImageIndex index, byte[] indexJson, Descriptor descriptor, List<Image> images) {

    public MultiPlatformImage {
        indexJson = indexJson.clone();
        images = List.copyOf(images);
    }

    @Override
    public byte[] indexJson() {
        return indexJson.clone();
    }

    /**
     * Serialises the index over {@code images}: one entry per image with its manifest descriptor and
     * platform (from the image's config). {@code annotations} go on the index in the OCI format; a
     * Docker manifest list has none. Two images for one platform are refused.
     */
    public static MultiPlatformImage assemble(List<Image> images, Map<String, String> annotations,
                                              ImageFormat format) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one image");
        }
        Map<String, Image> byPlatform = new HashMap<>();
        List<Descriptor> entries = new ArrayList<>();
        for (Image image : images) {
            Platform platform = image.platform();
            Image other = byPlatform.put(platform.toString(), image);
            if (other != null) {
                throw new IllegalArgumentException("two images for " + platform + ": " + other.digest()
                        + " and " + image.digest());
            }
            Descriptor manifest = image.manifestDescriptor();
            entries.add(new Descriptor(manifest.mediaType(), manifest.digest(), manifest.size(), platform, null));
        }
        String mediaType = format == ImageFormat.OCI ? MediaType.OCI_INDEX : MediaType.DOCKER_MANIFEST_LIST;
        ImageIndex index = new ImageIndex(2, mediaType, entries,
                format == ImageFormat.OCI && annotations != null && !annotations.isEmpty() ? annotations : null);
        byte[] json = Json.toBytes(index);
        return new MultiPlatformImage(index, json, new Descriptor(mediaType, Digest.sha256(json), json.length), images);
    }

    public Digest digest() {
        return descriptor.digest();
    }

    public List<Platform> platforms() {
        return images.stream().map(Image::platform).toList();
    }

    /** Index, manifests, configs and every distinct layer once: what pulling all platforms transfers. */
    public long compressedSize() {
        Map<Digest, Long> blobs = new HashMap<>();
        for (Image image : images) {
            blobs.put(image.manifestDescriptor().digest(), image.manifestDescriptor().size());
            blobs.put(image.configDescriptor().digest(), image.configDescriptor().size());
            image.layers().forEach(layer -> blobs.put(layer.descriptor().digest(), layer.descriptor().size()));
        }
        return descriptor.size() + blobs.values().stream().mapToLong(Long::longValue).sum();
    }
}
