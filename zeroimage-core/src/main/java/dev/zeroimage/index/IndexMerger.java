package dev.zeroimage.index;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.registry.ImagePusher;

import java.util.List;
import java.util.Map;

/**
 * Puts the sources' images into one index, in the order given, manifests untouched (their bytes and
 * digests are what the sources hold). One source per platform; a Docker manifest list only over
 * Docker manifests (an OCI index may list either kind).
 */
public final class IndexMerger {
    private IndexMerger() {
    }

    public static MultiPlatformImage merge(List<SourcedImage> images, Map<String, String> annotations,
                                           ImageFormat format) {
        for (int i = 0; i < images.size(); i++) {
            SourcedImage image = images.get(i);
            for (int j = 0; j < i; j++) {
                SourcedImage earlier = images.get(j);
                if (earlier.image().platform().matches(image.image().platform())) {
                    String both = earlier.source().equals(image.source())
                            ? earlier.source() + " holds two images"
                            : "both " + earlier.source() + " and " + image.source() + " hold an image";
                    throw new ZeroImageException("Duplicate platform " + image.image().platform() + " in images: "
                            + both + " for it. An index has one image per platform: remove one of them from images"
                            + " (zeroimage.images)");
                }
            }
            String manifestType = image.image().manifestDescriptor().mediaType();
            if (format == ImageFormat.DOCKER && !MediaType.DOCKER_MANIFEST.equals(manifestType)) {
                throw new ZeroImageException("format=docker makes a Docker manifest list, but the "
                        + image.image().platform() + " image from " + image.source() + " has an OCI manifest ("
                        + manifestType + "), which a Docker manifest list cannot hold and which cannot be converted"
                        + " without changing its digest. Set format=oci (an OCI index holds both kinds), or build"
                        + " that image with format=docker");
            }
        }
        return MultiPlatformImage.assemble(images.stream().map(SourcedImage::image).toList(), annotations, format);
    }

    /** Each image's origin, in the index's order, for {@link ImagePusher}. */
    public static List<ImagePusher.Origin> origins(List<SourcedImage> images) {
        return images.stream().map(SourcedImage::origin).toList();
    }

    /** True when every image stays in a registry (no source is a file). */
    public static boolean allFromRegistries(List<IndexSource> sources) {
        return !sources.isEmpty() && sources.stream().allMatch(IndexSource::isRegistry);
    }
}
