package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Json;
import dev.zeroimage.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Saves and removes logins as {@code docker login}/{@code logout} do: through the helper configured
 * for the registry ({@code credHelpers[host]}, else {@code credsStore}), else in {@code auths}. Every
 * other key of the file is kept; the file is replaced atomically and is readable by its owner only,
 * from its first byte.
 */
public final class DockerConfigWriter {
    private final Path file;
    private final Map<String, String> environment;

    public DockerConfigWriter(Path file) {
        this(file, System.getenv());
    }

    /** Credential helpers are looked up on, and run with, {@code environment}'s {@code PATH}. */
    DockerConfigWriter(Path file, Map<String, String> environment) {
        this.file = file;
        this.environment = environment;
    }

    /** Returns a description of where the login was stored. */
    public String store(String registry, String username, String password) throws IOException {
        ObjectNode config = read();
        String key = configKey(registry);
        ObjectNode auths = config.has("auths") && config.get("auths").isObject()
                ? (ObjectNode) config.get("auths") : config.putObject("auths");
        String store = helperFor(config, registry);
        if (store != null) {
            new CredentialHelper(store, environment).store(registry, username, password);
            auths.putObject(key);
            write(config);
            return "docker-credential-" + store + " (" + helperSetting(config, registry) + " in " + file + ")";
        }
        String pair = username + ":" + password;
        auths.putObject(key).put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        write(config);
        return file.toString();
    }

    /** Returns false when there was no login to remove. */
    public boolean erase(String registry) throws IOException {
        ObjectNode config = read();
        String store = helperFor(config, registry);
        boolean removed = false;
        if (store != null) {
            new CredentialHelper(store, environment).erase(registry);
            removed = true;
        }
        JsonNode auths = config.get("auths");
        if (auths instanceof ObjectNode authsObject) {
            // Every spelling the reader would use for this host (https://host/v2/ too), not just ours.
            List<String> keys = new ArrayList<>();
            authsObject.fieldNames().forEachRemaining(keys::add);
            for (String key : keys) {
                if (RegistryHosts.normalize(key).equals(RegistryHosts.normalize(registry))) {
                    authsObject.remove(key);
                    removed = true;
                }
            }
        }
        if (removed) {
            write(config);
        }
        return removed;
    }

    /** The helper that keeps this registry's logins, as Docker picks it: credHelpers[host], else credsStore. */
    private static String helperFor(ObjectNode config, String registry) {
        String helper = DockerConfigCredentials.helperFor(config.path("credHelpers"), registry);
        if (helper != null && !helper.isEmpty()) {
            return helper;
        }
        String store = config.path("credsStore").asText("");
        return store.isEmpty() ? null : store;
    }

    private static String helperSetting(ObjectNode config, String registry) {
        String helper = DockerConfigCredentials.helperFor(config.path("credHelpers"), registry);
        return helper != null && !helper.isEmpty() ? "credHelpers" : "credsStore";
    }

    private static String configKey(String registry) {
        return RegistryHosts.isDockerHub(registry) ? RegistryHosts.DOCKER_HUB_CONFIG_KEY : registry;
    }

    private ObjectNode read() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Json.mapper().createObjectNode();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ZeroImageException(file + " is not valid JSON: fix or remove it before logging in");
        }
        if (node == null || node.isMissingNode()) {
            return Json.mapper().createObjectNode();
        }
        if (!node.isObject()) {
            throw new ZeroImageException(file + " is not a JSON object: fix or remove it before logging in");
        }
        return (ObjectNode) node;
    }

    private void write(ObjectNode config) throws IOException {
        byte[] json = (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(config) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        // A symlinked config (dotfiles) is updated where it points, as docker does, not replaced by a file.
        Path target = Files.isSymbolicLink(file) && Files.exists(file) ? file.toRealPath() : file;
        Path directory = target.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        // Not AtomicFiles.write: it makes the file world-readable while the secret is written.
        boolean posix = target.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path temp = posix
                ? Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp");
        boolean moved = false;
        try {
            Files.write(temp, json);
            AtomicFiles.moveIntoPlace(temp, target);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
