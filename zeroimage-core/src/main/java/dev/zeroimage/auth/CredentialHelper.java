package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Json;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Docker credential helper ({@code docker-credential-NAME get|store|erase}) with the protocol
 * Docker uses: the server URL (or a JSON payload) on stdin, JSON on stdout.
 */
public final class CredentialHelper {
    private static final String TOKEN_USERNAME = "<token>";
    private static final int MAX_OUTPUT = 1024 * 1024;
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
    private final String name;
    private final Map<String, String> environment;
    private final Duration timeout;

    public CredentialHelper(String name) {
        this(name, System.getenv());
    }

    /**
     * A helper found on the {@code PATH} of {@code environment}, and run with that environment (the
     * JVM's own {@code PATH} cannot be changed, so tests and embedders pass their own).
     */
    CredentialHelper(String name, Map<String, String> environment) {
        this(name, environment, DEFAULT_TIMEOUT);
    }

    CredentialHelper(String name, Map<String, String> environment, Duration timeout) {
        this.name = name;
        this.environment = Map.copyOf(environment);
        this.timeout = timeout;
    }

    public String command() {
        return "docker-credential-" + name;
    }

    public Optional<Credential> get(String registry, String source) throws IOException {
        String serverUrl = RegistryHosts.helperServerUrl(registry);
        Result result = run("get", serverUrl.getBytes(StandardCharsets.UTF_8));
        if (result.exitCode != 0) {
            // Helpers answer "credentials not found in native keychain" with a non-zero exit.
            if (result.saysNotFound()) {
                return Optional.empty();
            }
            throw failed("get", registry, result);
        }
        JsonNode json;
        try {
            json = Json.mapper().readTree(result.stdout);
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
            throw failed("store", registry, result);
        }
    }

    public void erase(String registry) throws IOException {
        Result result = run("erase", RegistryHosts.helperServerUrl(registry).getBytes(StandardCharsets.UTF_8));
        if (result.exitCode != 0 && !result.saysNotFound()) {
            throw failed("erase", registry, result);
        }
    }

    /**
     * The error for a helper that exited non-zero: its exit code and stderr only. Its stdout can hold the
     * secret (a helper may print its answer and then fail), so it is never shown.
     */
    private ZeroImageException failed(String action, String registry, Result result) {
        String stderr = result.stderr.strip();
        if (stderr.length() > 2000) {
            stderr = stderr.substring(0, 2000) + "…";
        }
        return new ZeroImageException(command() + " " + action + " failed for " + registry + " (exit "
                + result.exitCode + (stderr.isEmpty() ? ", nothing on stderr)" : "): " + stderr));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        /** Helpers answer "credentials not found in native keychain" (on stdout or stderr) with a non-zero exit. */
        boolean saysNotFound() {
            return stdout.toLowerCase().contains("not found") || stderr.toLowerCase().contains("not found");
        }
    }

    /** {@link #command()} resolved against the environment's {@code PATH}; the bare name when not found there. */
    private String executable() {
        String path = environment.get("PATH");
        if (path != null) {
            for (String directory : path.split(File.pathSeparator)) {
                if (directory.isEmpty()) {
                    continue;
                }
                try {
                    Path candidate = Path.of(directory, command());
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate.toString();
                    }
                } catch (InvalidPathException e) {
                    // an unusable PATH entry: skip it, as a shell would
                }
            }
        }
        return command();
    }

    private Result run(String action, byte[] input) throws IOException {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(executable(), action);
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new ZeroImageException("The Docker config names the credential helper '" + name + "', but "
                    + command() + " cannot be run (" + e.getMessage() + "): install it or fix the config", e);
        }
        // Read the output on another thread, so a helper that hangs (waiting for a keychain unlock, a
        // GPG pin entry) cannot block us past the timeout.
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(process.getInputStream(), output), command() + " " + action);
        Thread errorReader = new Thread(() -> drain(process.getErrorStream(), errors), command() + " " + action + " stderr");
        reader.setDaemon(true);
        errorReader.setDaemon(true);
        reader.start();
        errorReader.start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException e) {
            // The helper exited without reading its input (some answer "not found" at once):
            // its exit code and output tell what happened.
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new ZeroImageException(command() + " " + action + " did not finish within "
                        + (timeout.toMillis() >= 1000 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms"));
            }
            reader.join(5000);
            errorReader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new java.io.InterruptedIOException("Interrupted while running " + command());
        }
        return new Result(process.exitValue(), text(output), text(errors));
    }

    private static String text(ByteArrayOutputStream bytes) {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Copies at most {@value #MAX_OUTPUT} bytes to {@code sink} and discards the rest until end of stream. */
    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int keep = Math.min(n, MAX_OUTPUT - sink.size());
                if (keep > 0) {
                    sink.write(buffer, 0, keep);
                }
            }
        } catch (IOException e) {
            // the helper was killed or closed its output
        }
    }
}
