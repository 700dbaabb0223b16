package dev.zeroimage.maven;

import dev.zeroimage.registry.RegistryNames;

/** Normalises what users type as a registry: {@code https://ghcr.io/} → {@code ghcr.io}; Hub names → docker.io. */
final class RegistryHost {
    private RegistryHost() {
    }

    static String of(String value) {
        return RegistryNames.host(value, "zeroimage.registry");
    }
}
