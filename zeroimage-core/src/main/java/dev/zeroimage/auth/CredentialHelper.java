package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Json;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Docker credential helper ({@code docker-credential-NAME get|store|erase}) with the protocol
 * Docker uses: the server URL (or a JSON payload) on stdin, JSON on stdout.
 */
public final class CredentialHelper {
    private static final String TOKEN_USERNAME = "<token>";
    private final String name;

    public CredentialHelper(String name) {
        this.name = name;
    }

    public String command() {
        return "docker-credential-" + name;
    }

    public Optional<Credential> get(String registry, String source) throws IOException {
        String serverUrl = RegistryHosts.helperServerUrl(registry);
        Result result = run("get", serverUrl.getBytes(StandardCharsets.UTF_8));
        if (result.exitCode != 0) {
            // Helpers answer "credentials not found in native keychain" with a non-zero exit.
            if (result.output.toLowerCase().contains("not found")) {
                return Optional.empty();
            }
            throw new ZeroImageException(command() + " get failed for " + registry + " (exit " + result.exitCode
                    + "): " + result.output.trim());
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(result.output);
        } catch (IOException e) {
            throw new ZeroImageException(command() + " get answered something that is not JSON for " + registry);
        }
        String username = json.path("Username").asText(null);
        String secret = json.path("Secret").asText(null);
        if (secret == null || secret.isEmpty()) {
            return Optional.empty();
        }
        if (TOKEN_USERNAME.equals(username)) {
            return Optional.of(new Credential(null, null, secret, source));
        }
        return Optional.of(Credential.basic(username, secret, source));
    }

    public void store(String registry, String username, String secret) throws IOException {
        ObjectNode payload = Json.mapper().createObjectNode();
        payload.put("ServerURL", RegistryHosts.helperServerUrl(registry));
        payload.put("Username", username);
        payload.put("Secret", secret);
        Result result = run("store", Json.toBytes(payload));
        if (result.exitCode != 0) {
            throw new ZeroImageException(command() + " store failed for " + registry + " (exit " + result.exitCode
                    + "): " + result.output.trim());
        }
    }

    public void erase(String registry) throws IOException {
        Result result = run("erase", RegistryHosts.helperServerUrl(registry).getBytes(StandardCharsets.UTF_8));
        if (result.exitCode != 0 && !result.output.toLowerCase().contains("not found")) {
            throw new ZeroImageException(command() + " erase failed for " + registry + " (exit " + result.exitCode
                    + "): " + result.output.trim());
        }
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String action, byte[] input) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command(), action).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new ZeroImageException("The Docker config names the credential helper '" + name + "', but "
                    + command() + " cannot be run (" + e.getMessage() + "): install it or fix the config", e);
        }
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        byte[] output = process.getInputStream().readNBytes(1024 * 1024);
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new ZeroImageException(command() + " " + action + " did not finish within 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new java.io.InterruptedIOException("Interrupted while running " + command());
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
