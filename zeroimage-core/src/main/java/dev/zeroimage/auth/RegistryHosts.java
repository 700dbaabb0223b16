package dev.zeroimage.auth;

import java.util.List;
import java.util.Locale;

/** How Docker config files name registries: with or without scheme and path, Hub under its legacy URL. */
final class RegistryHosts {
    static final String DOCKER_HUB_CONFIG_KEY = "https://index.docker.io/v1/";

    private RegistryHosts() {
    }

    /** The host a config key refers to: {@code https://ghcr.io/v2/} → {@code ghcr.io}. */
    static String normalize(String key) {
        String host = key.trim().toLowerCase(Locale.ROOT);
        host = host.replaceFirst("^[a-z]+://", "");
        int slash = host.indexOf('/');
        if (slash >= 0) {
            host = host.substring(0, slash);
        }
        return isDockerHub(host) ? "docker.io" : host;
    }

    static boolean isDockerHub(String host) {
        return host.equals("docker.io") || host.equals("index.docker.io") || host.equals("registry-1.docker.io");
    }

    /** The server URL to hand a credential helper, as docker does. */
    static String helperServerUrl(String registry) {
        return isDockerHub(registry) ? DOCKER_HUB_CONFIG_KEY : registry;
    }

    /** Keys to try, most specific first. */
    static List<String> configKeys(String registry) {
        if (isDockerHub(registry)) {
            return List.of(DOCKER_HUB_CONFIG_KEY, "index.docker.io", "docker.io", "registry-1.docker.io");
        }
        return List.of(registry, "https://" + registry, "http://" + registry);
    }
}
