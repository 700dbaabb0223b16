package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;

/** Which family of media types the manifest, config and layers are written with. */
public enum ImageFormat {
    OCI(MediaType.OCI_MANIFEST, MediaType.OCI_CONFIG),
    DOCKER(MediaType.DOCKER_MANIFEST, MediaType.DOCKER_CONFIG);

    private final String manifestMediaType;
    private final String configMediaType;

    ImageFormat(String manifestMediaType, String configMediaType) {
        this.manifestMediaType = manifestMediaType;
        this.configMediaType = configMediaType;
    }

    public static ImageFormat parse(String value) {
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("oci")) {
            return OCI;
        }
        if (value.trim().equalsIgnoreCase("docker")) {
            return DOCKER;
        }
        throw new ZeroImageException("Unknown image format '" + value + "': use oci or docker");
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    /** The media type a layer gets in this format; base layers are converted type-only, bytes unchanged. */
    public String layerMediaType(String layerMediaType) {
        if (this == OCI) {
            return switch (layerMediaType) {
                case MediaType.DOCKER_LAYER_GZIP -> MediaType.OCI_LAYER_GZIP;
                case MediaType.DOCKER_FOREIGN_LAYER_GZIP -> MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP;
                default -> layerMediaType;
            };
        }
        return switch (layerMediaType) {
            case MediaType.OCI_LAYER_GZIP, MediaType.DOCKER_LAYER_GZIP -> MediaType.DOCKER_LAYER_GZIP;
            case MediaType.OCI_LAYER_NONDISTRIBUTABLE_GZIP, MediaType.DOCKER_FOREIGN_LAYER_GZIP ->
                    MediaType.DOCKER_FOREIGN_LAYER_GZIP;
            default -> throw new ZeroImageException("A layer of type " + layerMediaType
                    + " cannot be written in the docker format (it knows gzip layers only): use format oci,"
                    + " or compression gzip");
        };
    }
}
