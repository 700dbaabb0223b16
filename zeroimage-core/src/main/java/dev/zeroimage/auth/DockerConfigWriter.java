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
import java.util.Base64;

/**
 * Saves and removes logins as {@code docker login}/{@code logout} do: through the configured
 * {@code credsStore} helper, else in {@code auths}. Every other key of the file is kept; the file is
 * replaced atomically and left readable by its owner only.
 */
public final class DockerConfigWriter {
    private final Path file;

    public DockerConfigWriter(Path file) {
        this.file = file;
    }

    /** Returns a description of where the login was stored. */
    public String store(String registry, String username, String password) throws IOException {
        ObjectNode config = read();
        String key = configKey(registry);
        String store = config.path("credsStore").asText("");
        ObjectNode auths = config.has("auths") && config.get("auths").isObject()
                ? (ObjectNode) config.get("auths") : config.putObject("auths");
        if (!store.isEmpty()) {
            new CredentialHelper(store).store(registry, username, password);
            auths.putObject(key);
            write(config);
            return "docker-credential-" + store + " (credsStore in " + file + ")";
        }
        String pair = username + ":" + password;
        auths.putObject(key).put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        write(config);
        return file.toString();
    }

    /** Returns false when there was no login to remove. */
    public boolean erase(String registry) throws IOException {
        ObjectNode config = read();
        String store = config.path("credsStore").asText("");
        boolean removed = false;
        if (!store.isEmpty()) {
            new CredentialHelper(store).erase(registry);
            removed = true;
        }
        JsonNode auths = config.get("auths");
        if (auths instanceof ObjectNode authsObject) {
            for (String key : RegistryHosts.configKeys(registry)) {
                removed |= authsObject.remove(key) != null;
            }
        }
        if (removed) {
            write(config);
        }
        return removed;
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
        AtomicFiles.write(file, json);
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
