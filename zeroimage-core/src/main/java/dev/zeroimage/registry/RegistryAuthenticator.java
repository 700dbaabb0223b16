package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.UrlEncodedContent;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.image.Json;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers registry challenges: Basic with the credential, Bearer by fetching a token for the request's
 * scopes from the realm (anonymously when there is no credential). Tokens are cached per scope set.
 */
final class RegistryAuthenticator {
    private final String registry;
    private final Credential credential;
    private final TokenCache tokens = new TokenCache(Clock.systemUTC());
    private volatile AuthChallenge challenge;

    RegistryAuthenticator(String registry, Credential credential) {
        this.registry = registry;
        this.credential = credential;
    }

    /** The Authorization header to send for these scopes, or null when none is known to be needed yet. */
    String authorization(List<String> scopes) {
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
    void onUnauthorized(String wwwAuthenticate, List<String> scopes, HttpRequestFactory factory) throws IOException {
        AuthChallenge parsed = AuthChallenge.parse(wwwAuthenticate);
        if (parsed == null || !(parsed.isBasic() || parsed.isBearer())) {
            throw new ZeroImageException("Registry " + registry + " asks for authentication with an unsupported"
                    + " scheme ('" + wwwAuthenticate + "'): only Basic and Bearer are supported");
        }
        challenge = parsed;
        if (parsed.isBasic()) {
            if (credential == null) {
                throw unauthorized("it requires a login and no credentials were found");
            }
            return;
        }
        String scopeKey = String.join(" ", scopes);
        tokens.invalidate(scopeKey);
        fetchToken(parsed, scopes, scopeKey, factory);
    }

    private void fetchToken(AuthChallenge bearer, List<String> scopes, String scopeKey, HttpRequestFactory factory)
            throws IOException {
        if (bearer.realm() == null) {
            throw new ZeroImageException("Registry " + registry + " sent a Bearer challenge without a realm");
        }
        GenericUrl url = new GenericUrl(bearer.realm());
        if (bearer.service() != null) {
            url.set("service", bearer.service());
        }
        if (!scopes.isEmpty()) {
            url.set("scope", scopes);
        }
        HttpRequest request;
        if (credential != null && credential.identityToken() != null) {
            // Docker's identity token is an OAuth2 refresh token: exchange it with a POST.
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("grant_type", "refresh_token");
            form.put("refresh_token", credential.identityToken());
            form.put("service", bearer.service());
            form.put("scope", String.join(" ", scopes));
            form.put("client_id", "zeroimage");
            request = factory.buildPostRequest(new GenericUrl(bearer.realm()), new UrlEncodedContent(form));
        } else {
            request = factory.buildGetRequest(url);
            if (credential != null) {
                request.getHeaders().setAuthorization(basicHeader());
            }
        }
        request.setThrowExceptionOnExecuteError(false);
        request.setFollowRedirects(true);
        HttpResponse response = request.execute();
        try {
            int status = response.getStatusCode();
            if (status == 401 || status == 403) {
                throw unauthorized("the token service " + bearer.realm() + " refused the "
                        + (credential == null ? "anonymous request" : "credentials") + " (HTTP " + status + ")");
            }
            if (status / 100 != 2) {
                throw new ZeroImageException("The token service " + bearer.realm() + " of registry " + registry
                        + " answered HTTP " + status);
            }
            JsonNode body;
            try (InputStream in = response.getContent()) {
                body = Json.mapper().readTree(in.readNBytes(1024 * 1024));
            }
            String token = text(body, "token");
            if (token == null) {
                token = text(body, "access_token");
            }
            if (token == null) {
                throw new ZeroImageException("The token service " + bearer.realm() + " of registry " + registry
                        + " answered without a token");
            }
            long expiresIn = body.hasNonNull("expires_in") ? body.get("expires_in").asLong(60) : 60;
            tokens.put(scopeKey, token, expiresIn);
        } finally {
            response.disconnect();
        }
    }

    ZeroImageException unauthorized(String why) {
        String from = credential == null ? "no credentials were found" : "credentials from " + credential.source()
                + " (user " + credential.username() + ")";
        return new ZeroImageException("Registry " + registry + " denied access: " + why + "; " + from
                + ". Check the username and password, or log in (mvn zeroimage:login, docker login).");
    }

    private String basicHeader() {
        if (credential == null) {
            return null;
        }
        String pair = credential.username() + ":" + (credential.password() == null ? "" : credential.password());
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.hasNonNull(field) && !node.get(field).asText().isEmpty()
                ? node.get(field).asText() : null;
    }
}
