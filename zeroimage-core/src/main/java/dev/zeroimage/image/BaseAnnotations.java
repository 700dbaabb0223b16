package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The manifest annotations that name the base image ({@code org.opencontainers.image.base.name} and
 * {@code .digest}), written for a base pulled from a registry only: a local archive path would make the
 * image depend on where the archive lies.
 */
public final class BaseAnnotations {
    public static final String NAME = "org.opencontainers.image.base.name";
    public static final String DIGEST = "org.opencontainers.image.base.digest";

    private BaseAnnotations() {
    }

    /** {@code annotations} plus the base's name and digest, when the base came from a registry. */
    public static Map<String, String> with(Map<String, String> annotations, BaseImage base) {
        Map<String, String> result = new LinkedHashMap<>(annotations);
        if (base.reference() != null && base.manifestDigest() != null) {
            result.put(NAME, base.reference().toString());
            result.put(DIGEST, base.manifestDigest().toString());
        }
        return result;
    }

    /**
     * The base whose layers a push to the same registry can mount, read back from a built image; null
     * when the image names none (scratch, static, an archive base, or the docker format, which has no
     * annotations). At build time the same reference is {@code BaseSpec.mountSource()}.
     */
    public static ImageReference mountSource(Image image) {
        Map<String, String> annotations = image.manifest().annotations();
        String base = annotations == null ? null : annotations.get(NAME);
        try {
            return base == null ? null : ImageReference.parse(base);
        } catch (ZeroImageException e) {
            return null;
        }
    }
}
