package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImageReference;

/** Normalises what users type as a registry: {@code https://ghcr.io/} → {@code ghcr.io}; Hub names → docker.io. */
final class RegistryHost {
    private RegistryHost() {
    }

    static String of(String value) {
        if (value == null || value.isBlank()) {
            throw new ZeroImageException("zeroimage.registry is required: the registry host, like ghcr.io or"
                    + " localhost:5000");
        }
        String host = value.trim().replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        host = host.toLowerCase();
        if (host.equals("index.docker.io") || host.equals(ImageReference.DOCKER_HUB_API_HOST)) {
            return ImageReference.DOCKER_HUB;
        }
        return host;
    }
}
