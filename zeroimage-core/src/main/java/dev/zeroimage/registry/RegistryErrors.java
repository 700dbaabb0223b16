package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Json;

import java.io.IOException;

/** Turns a registry's unwanted answers into the product's messages, naming the registry and what failed. */
final class RegistryErrors {
    private final String registry;
    private final RegistryAuthenticator authenticator;

    RegistryErrors(String registry, RegistryAuthenticator authenticator) {
        this.registry = registry;
        this.authenticator = authenticator;
    }

    void requireSuccess(Response response, String action, String repository) throws IOException {
        if (response.status() / 100 == 2) {
            return;
        }
        throw failure(response, action, repository);
    }

    ZeroImageException failure(Response response, String action, String repository) throws IOException {
        int status = response.status();
        String detail = errorDetail(response);
        if (status == 401 || status == 403) {
            return authenticator.unauthorized("could not " + action + (repository == null ? "" : " in " + repository)
                    + " (HTTP " + status + detail + ")");
        }
        String where = repository == null ? registry : registry + "/" + repository;
        if (status == 404) {
            return new ZeroImageException("Registry " + where + ": could not " + action + ": not found (HTTP 404"
                    + detail + "). Check the image name and tag.");
        }
        return new ZeroImageException("Registry " + where + ": could not " + action + ": HTTP " + status + detail);
    }

    /** The Docker-Content-Digest the registry sent, or null when it sent none. */
    Digest headerDigest(Response response) {
        String value = response.header("Docker-Content-Digest");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Digest.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ZeroImageException("Registry " + registry + " sent an invalid Docker-Content-Digest header ('"
                    + value.trim() + "')");
        }
    }

    /** The registry's error codes ({@code {"errors":[{"code":…,"message":…}]}}), if it sent any. */
    static String errorDetail(Response response) {
        try {
            byte[] content = response.prefix(64 * 1024);
            if (content.length == 0) {
                return "";
            }
            JsonNode body = Json.mapper().readTree(content);
            StringBuilder detail = new StringBuilder();
            if (body != null && body.has("errors") && body.get("errors").isArray()) {
                for (JsonNode error : body.get("errors")) {
                    detail.append(", ").append(error.path("code").asText()).append(": ").append(error.path("message").asText());
                }
            }
            return detail.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
