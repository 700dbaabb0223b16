package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a Docker-style config file: {@code credHelpers[host]}, then {@code credsStore},
 * then {@code auths[host]} ({@code auth} = base64 of user:password, or {@code identitytoken}). The
 * podman/skopeo auth file has the same {@code auths} shape.
 */
public final class DockerConfigCredentials implements CredentialSource {
    private final Path file;
    private final String label;
    private final Map<String, String> environment;

    @Override
    public String describe(String registry) {
        return label;
    }

    public DockerConfigCredentials(Path file, String label) {
        this(file, label, System.getenv());
    }

    /** Credential helpers are looked up on, and run with, {@code environment}'s {@code PATH}. */
    DockerConfigCredentials(Path file, String label, Map<String, String> environment) {
        this.file = file;
        this.label = label;
        this.environment = environment;
    }

    /** {@code $DOCKER_CONFIG/config.json}, else {@code ~/.docker/config.json}. */
    public static Path defaultDockerConfig(Map<String, String> environment, Path home) {
        String dockerConfig = environment.get("DOCKER_CONFIG");
        return dockerConfig != null && !dockerConfig.isBlank()
                ? Path.of(dockerConfig, "config.json") : home.resolve(".docker/config.json");
    }

    /** {@code REGISTRY_AUTH_FILE}, else {@code $XDG_RUNTIME_DIR/containers/auth.json}; null when neither is set. */
    public static Path defaultContainersAuthFile(Map<String, String> environment) {
        String authFile = environment.get("REGISTRY_AUTH_FILE");
        if (authFile != null && !authFile.isBlank()) {
            return Path.of(authFile);
        }
        String runtime = environment.get("XDG_RUNTIME_DIR");
        return runtime == null || runtime.isBlank() ? null : Path.of(runtime, "containers", "auth.json");
    }

    @Override
    public Optional<Credential> find(String registry) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode config;
        try {
            config = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read " + file + " (" + label + "): it is not valid JSON");
        }
        if (config == null || !config.isObject()) {
            return Optional.empty();
        }
        String helper = helperFor(config.path("credHelpers"), registry);
        if (helper != null) {
            return new CredentialHelper(helper, environment).get(registry, label + " credHelpers (docker-credential-" + helper + ")");
        }
        String store = config.path("credsStore").asText("");
        if (!store.isEmpty()) {
            Optional<Credential> stored = new CredentialHelper(store, environment).get(registry,
                    label + " credsStore (docker-credential-" + store + ")");
            if (stored.isPresent()) {
                return stored;
            }
        }
        return fromAuths(config.path("auths"), registry);
    }

    /** The {@code credHelpers} entry for {@code registry}, or null. */
    static String helperFor(JsonNode helpers, String registry) {
        for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (RegistryHosts.normalize(entry.getKey()).equals(RegistryHosts.normalize(registry))) {
                return entry.getValue().asText();
            }
        }
        return null;
    }

    private Optional<Credential> fromAuths(JsonNode auths, String registry) {
        JsonNode entry = null;
        for (String key : RegistryHosts.configKeys(registry)) {
            if (auths.has(key)) {
                entry = auths.get(key);
                break;
            }
        }
        if (entry == null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> candidate = it.next();
                if (RegistryHosts.normalize(candidate.getKey()).equals(RegistryHosts.normalize(registry))) {
                    entry = candidate.getValue();
                    break;
                }
            }
        }
        if (entry == null) {
            return Optional.empty();
        }
        String source = label + " auths";
        String identityToken = entry.path("identitytoken").asText("");
        String auth = entry.path("auth").asText("");
        String username = entry.path("username").asText("");
        String password = entry.path("password").asText("");
        if (!auth.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ZeroImageException("The auth entry for " + registry + " in " + file + " is not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw new ZeroImageException("The auth entry for " + registry + " in " + file
                        + " is not of the form base64(user:password)");
            }
            username = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        if (!identityToken.isEmpty()) {
            return Optional.of(new Credential(username.isEmpty() ? null : username, null, identityToken, source));
        }
        if (username.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Credential.basic(username, password, source));
    }
}
