package dev.zeroimage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The token server on its own: JWT shape, signature and grants. */
@Tag("real")
class TokenServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void issuesSignedTokensAndFiltersGrants() throws Exception {
        try (TokenServer server = TokenServer.start(dir, Map.of("alice", "s3cret"), false)) {
            String scope = "?service=test-registry&scope=repository:demo/app:pull,push&scope=repository:other:pull";

            HttpResponse<String> response = get(server.realm() + scope, "alice:s3cret");
            assertEquals(200, response.statusCode(), response.body());
            JsonNode body = JSON.readTree(response.body());
            assertEquals(body.get("token").asText(), body.get("access_token").asText());
            assertEquals(300, body.get("expires_in").asInt());
            Instant.parse(body.get("issued_at").asText());
            String[] jwt = body.get("token").asText().split("\\.");
            assertEquals(3, jwt.length);
            JsonNode header = decode(jwt[0]);
            assertEquals("RS256", header.get("alg").asText());
            assertEquals("JWT", header.get("typ").asText());
            assertEquals(Base64.getEncoder().encodeToString(server.certificate().getEncoded()), header.get("x5c").get(0).asText());
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(server.certificate().getPublicKey());
            verifier.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
            assertTrue(verifier.verify(Base64.getUrlDecoder().decode(jwt[2])));
            JsonNode claims = decode(jwt[1]);
            assertEquals("test-issuer", claims.get("iss").asText());
            assertEquals("test-registry", claims.get("aud").asText());
            assertEquals("alice", claims.get("sub").asText());
            long now = Instant.now().getEpochSecond();
            assertTrue(claims.get("nbf").asLong() <= now && claims.get("exp").asLong() > now + 200);
            assertTrue(claims.get("iat").asLong() <= now + 1);
            assertTrue(claims.get("jti").asText().length() >= 16);
            assertEquals("[{\"type\":\"repository\",\"name\":\"demo/app\",\"actions\":[\"pull\",\"push\"]},"
                    + "{\"type\":\"repository\",\"name\":\"other\",\"actions\":[\"pull\"]}]", claims.get("access").toString());
            assertEquals(List.of("repository:demo/app:pull,push", "repository:other:pull"), server.requestedScopes());

            // Anonymous without anonymousPull: a token, but no access.
            JsonNode anonymous = decode(JSON.readTree(get(server.realm() + scope, null).body())
                    .get("token").asText().split("\\.")[1]);
            assertEquals("", anonymous.get("sub").asText());
            assertEquals(0, anonymous.get("access").size());

            assertEquals(401, get(server.realm() + scope, "alice:wrong").statusCode());
            assertEquals(401, get(server.realm() + scope, "mallory:s3cret").statusCode());
            assertEquals(2, server.issuedTokens());
            assertEquals(2, server.rejectedRequests());

            // OAuth2 password grant.
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(server.realm()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&service=test-registry"
                            + "&client_id=test&username=alice&password=s3cret&scope=repository%3Ademo%2Fapp%3Apush"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, post.statusCode(), post.body());
            JsonNode postClaims = decode(JSON.readTree(post.body()).get("access_token").asText().split("\\.")[1]);
            assertEquals("[\"push\"]", postClaims.get("access").get(0).get("actions").toString());
        }
    }

    @Test
    void anonymousPullGrantsOnlyPull() throws Exception {
        try (TokenServer server = TokenServer.start(dir, Map.of("alice", "s3cret"), true)) {
            HttpResponse<String> response = get(server.realm()
                    + "?service=test-registry&scope=repository%3Ademo%2Fapp%3Apull%2Cpush", null);
            assertEquals(200, response.statusCode());
            JsonNode claims = decode(JSON.readTree(response.body()).get("token").asText().split("\\.")[1]);
            assertEquals("[{\"type\":\"repository\",\"name\":\"demo/app\",\"actions\":[\"pull\"]}]", claims.get("access").toString());
        }
    }

    private HttpResponse<String> get(String url, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }
}
