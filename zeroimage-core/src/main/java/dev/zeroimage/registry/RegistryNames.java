package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImageReference;

/**
 * What users type as a registry or a push target, normalised: {@code https://ghcr.io/} → {@code ghcr.io},
 * Docker Hub's names → {@code docker.io}; a push target must name its registry.
 */
public final class RegistryNames {
    private RegistryNames() {
    }

    /** The registry host of {@code value}; {@code setting} names where it came from, for the message. */
    public static String host(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new ZeroImageException(setting + " is required: the registry host, like ghcr.io or localhost:5000");
        }
        return ImageReference.registryHost(value);
    }

    /** Where the API of a registry host answers (Docker Hub's differs from its name). */
    public static String apiHost(String host) {
        return ImageReference.apiHostOf(host);
    }

    /**
     * Parses a push target, which must name its registry: a bare {@code app:1} would silently go to
     * Docker Hub. {@code setting} names where it came from, for the message.
     */
    public static ImageReference pushTarget(String value, String setting) {
        if (!ImageReference.namesRegistry(value)) {
            throw new ZeroImageException(setting + " '" + value + "' names no registry, so there"
                    + " is nowhere to push it: use a full reference such as ghcr.io/org/app:1.0 or"
                    + " docker.io/user/app:1.0");
        }
        return ImageReference.parse(value);
    }
}
