package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.Json;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Answers registry challenges: Basic with the credential, Bearer by fetching a token for the request's
 * scopes from the realm (anonymously when there is no credential). Tokens are cached per scope set.
 * The credential is looked up on the first challenge (or denial): a registry that never asks for one,
 * or a build that never reaches the registry, runs no credential helper.
 */
final class RegistryAuthenticator {
    private static final int MAX_TOKEN_ANSWER = 1024 * 1024;

    /** Sends one request to a token server (following its redirects) and returns the answer. */
    @FunctionalInterface
    interface TokenServer {
        Response send(String method, URI uri, String authorization, RequestBody body) throws IOException;
    }

    private final String registry;
    private final CredentialSource credentials;
    private Credential credential;
    private boolean lookedUp;
    private final TokenCache tokens = new TokenCache(Clock.systemUTC());
    private volatile AuthChallenge challenge;
    /** The scopes of the last request that needed authentication: what a denial was about. */
    private volatile List<String> lastScopes = List.of();

    RegistryAuthenticator(String registry, CredentialSource credentials) {
        this.registry = registry;
        this.credentials = credentials;
    }

    /** The credential for the registry, asked of the source once, when first needed. */
    private synchronized Credential credential() throws IOException {
        if (!lookedUp) {
            credential = credentials.find(registry).orElse(null);
            lookedUp = true;
        }
        return credential;
    }

    /** The Authorization header to send for these scopes, or null when none is known to be needed yet. */
    String authorization(List<String> scopes) throws IOException {
        lastScopes = scopes == null ? List.of() : scopes;
        AuthChallenge known = challenge;
        if (known == null) {
            return null;
        }
        if (known.isBasic()) {
            return basicHeader();
        }
        String token = tokens.get(String.join(" ", scopes));
        return token == null ? null : "Bearer " + token;
    }

    /** Handles a 401: remembers the challenge and, for Bearer, fetches a fresh token for the scopes. */
    void onUnauthorized(String wwwAuthenticate, List<String> scopes, TokenServer server) throws IOException {
        lastScopes = scopes == null ? List.of() : scopes;
        AuthChallenge parsed = AuthChallenge.parse(wwwAuthenticate);
        if (parsed == null || !(parsed.isBasic() || parsed.isBearer())) {
            throw new ZeroImageException("Registry " + registry + " asks for authentication with an unsupported"
                    + " scheme ('" + wwwAuthenticate + "'): only Basic and Bearer are supported");
        }
        Credential credential = credential();
        challenge = parsed;
        if (parsed.isBasic()) {
            if (credential == null) {
                throw unauthorized("it requires a login");
            }
            return;
        }
        String scopeKey = String.join(" ", scopes);
        tokens.invalidate(scopeKey);
        fetchToken(parsed, scopes, scopeKey, server);
    }

    private void fetchToken(AuthChallenge bearer, List<String> scopes, String scopeKey, TokenServer server)
            throws IOException {
        if (bearer.realm() == null) {
            throw new ZeroImageException("Registry " + registry + " sent a Bearer challenge without a realm");
        }
        if (!bearer.realm().trim().toLowerCase(java.util.Locale.ROOT).matches("https?://.*")) {
            throw new ZeroImageException("Registry " + registry + " sent a Bearer challenge whose token realm is not"
                    + " an absolute http(s) URL ('" + Urls.redact(bearer.realm()) + "'): refusing to follow it");
        }
        URI realm = Urls.resolveHttp(URI.create("https://localhost/"), bearer.realm(),
                "a Bearer challenge whose token realm", registry);
        String where = "The token server " + Urls.redact(realm) + " of registry " + registry;
        Credential credential = credential();
        Response response;
        if (credential != null && credential.identityToken() != null) {
            // Docker's identity token is an OAuth2 refresh token: exchange it with a POST.
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", credential.identityToken());
            form.put("service", bearer.service());
            form.put("scope", String.join(" ", scopes));
            form.put("client_id", "zeroimage");
            String encoded = form.entrySet().stream().filter(entry -> entry.getValue() != null)
                    .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
                    .collect(Collectors.joining("&"));
            response = send(server, where, "POST", realm, null, RequestBody.bytes(
                    "application/x-www-form-urlencoded", encoded.getBytes(StandardCharsets.UTF_8)));
        } else {
            List<String> query = new ArrayList<>();
            if (bearer.service() != null) {
                query.add("service=" + encode(bearer.service()));
            }
            scopes.forEach(scope -> query.add("scope=" + encode(scope)));
            URI url = query.isEmpty() ? realm : URI.create(realm + (realm.getRawQuery() == null ? "?" : "&")
                    + String.join("&", query));
            response = send(server, where, "GET", url, credential == null ? null : basicHeader(), null);
        }
        try (response) {
            int status = response.status();
            if (status == 401 || status == 403) {
                throw unauthorized("the token service " + bearer.realm() + " refused the "
                        + (credential == null ? "anonymous request" : "credentials") + " (HTTP " + status + ")");
            }
            if (status / 100 != 2) {
                throw new ZeroImageException(where + " answered HTTP " + status);
            }
            JsonNode body;
            try {
                body = Json.mapper().readTree(response.body());
            } catch (IOException | RuntimeException e) {
                throw new ZeroImageException(where + " answered non-JSON (HTTP " + status + ", "
                        + (response.contentType() == null ? "no content type" : response.contentType())
                        + "): check the realm, or the proxy in front of it");
            }
            if (response.body().length >= MAX_TOKEN_ANSWER) {
                throw new ZeroImageException(where + " answered more than " + MAX_TOKEN_ANSWER + " bytes: refusing it");
            }
            String token = text(body, "token");
            if (token == null) {
                token = text(body, "access_token");
            }
            if (token == null) {
                throw new ZeroImageException(where + " answered without a token");
            }
            JsonNode expires = body.get("expires_in");
            long expiresIn = expires != null && expires.canConvertToLong() ? expires.asLong(60) : 60;
            tokens.put(scopeKey, token, expiresIn);
        }
    }

    private static Response send(TokenServer server, String where, String method, URI uri, String authorization,
                                 RequestBody body) throws IOException {
        try {
            return server.send(method, uri, authorization, body);
        } catch (ZeroImageException e) {
            throw e;
        } catch (IOException e) {
            throw new ZeroImageException(where + " could not be reached: " + Urls.describe(e), e);
        }
    }

    /**
     * One sentence: which registry denied what ({@code to push to demo/app}, {@code to pull demo/base}),
     * why, and which credential was used or, when none was found, which sources were tried.
     */
    ZeroImageException unauthorized(String why) throws IOException {
        Credential credential = credential();
        String denied = "Registry " + registry + " denied access" + activity(lastScopes) + ": " + why;
        if (credential == null) {
            String tried = credentials.describe(registry);
            return new ZeroImageException(denied + ", and no credentials were found"
                    + (tried == null ? "" : " (tried " + tried + ")")
                    + "; add credentials to one of those sources or log in (zeroimage login, docker login).");
        }
        return new ZeroImageException(denied + "; credentials from " + credential.source() + " (user "
                + credential.username() + "). Check the username and password, or log in (zeroimage login,"
                + " docker login).");
    }

    /** " to push to demo/app" when a scope asks for push, else " to pull demo/base"; empty without scopes. */
    static String activity(List<String> scopes) {
        String pull = null;
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            if (parts.length < 3 || !parts[0].equals("repository")) {
                continue;
            }
            String repository = String.join(":", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
            List<String> actions = List.of(parts[parts.length - 1].split(","));
            if (actions.contains("push")) {
                return " to push to " + repository;
            }
            if (pull == null && actions.contains("pull")) {
                pull = " to pull " + repository;
            }
        }
        return pull == null ? "" : pull;
    }

    private String basicHeader() throws IOException {
        Credential credential = credential();
        if (credential == null) {
            return null;
        }
        String pair = credential.username() + ":" + (credential.password() == null ? "" : credential.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.isObject() && node.hasNonNull(field) && node.get(field).isTextual()
                && !node.get(field).asText().isEmpty() ? node.get(field).asText() : null;
    }
}
