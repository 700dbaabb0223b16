package dev.zeroimage.maven;

import dev.zeroimage.registry.RegistryNames;

/** The {@code registry} parameter of login and logout: required; normalised by the core ({@link RegistryNames#host}). */
final class RegistryHost {
    private RegistryHost() {
    }

    static String of(String value) {
        return RegistryNames.host(value, "zeroimage.registry");
    }
}
