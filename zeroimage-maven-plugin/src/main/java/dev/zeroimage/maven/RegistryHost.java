package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImageReference;

/** The {@code registry} parameter of login and logout: required; normalised by the core ({@link ImageReference#registryHost}). */
final class RegistryHost {
    private RegistryHost() {
    }

    static String of(String value) {
        if (value == null || value.isBlank()) {
            throw new ZeroImageException("zeroimage.registry is required: the registry host, like ghcr.io or"
                    + " localhost:5000");
        }
        return ImageReference.registryHost(value);
    }
}
