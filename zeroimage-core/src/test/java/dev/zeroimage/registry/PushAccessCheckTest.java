package dev.zeroimage.registry;

import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.ImageReference;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The push-access check against a loopback server with Basic authentication, answering as a registry would. */
class PushAccessCheckTest {
    private static final String GOOD = "Basic " + Base64.getEncoder()
            .encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
    private static final Map<String, String> CHALLENGE = Map.of("WWW-Authenticate", "Basic realm=\"test\"");

    private static RegistryOptions options(String host, Credential credential) {
        CredentialSource source = registry -> Optional.ofNullable(credential);
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(host), source, 1, Duration.ofMillis(1), false);
    }

    /** Accepts GOOD on everything; {@code canPush=false} refuses uploads to a valid login (a read-only account). */
    private static LoopbackHttpServer registry(boolean canPush) throws Exception {
        return LoopbackHttpServer.start((index, request) -> {
            if (!GOOD.equals(request.header("Authorization"))) {
                return LoopbackHttpServer.Response.of(401, CHALLENGE);
            }
            if (request.method().equals("POST") && request.target().equals("/v2/team/app/blobs/uploads/")) {
                return canPush
                        ? LoopbackHttpServer.Response.of(202, Map.of("Location", "/v2/team/app/blobs/uploads/u-1?_state=x"))
                        : LoopbackHttpServer.Response.of(403, Map.of());
            }
            if (request.method().equals("DELETE")) {
                return LoopbackHttpServer.Response.of(204, Map.of());
            }
            return LoopbackHttpServer.Response.of(200, Map.of());
        });
    }

    private static PushAccessCheck.Result check(LoopbackHttpServer server, Credential credential) throws Exception {
        String image = server.host() + "/team/app:1";
        return new PushAccessCheck(options(server.host(), credential)).check(ImageReference.parse(image), image);
    }

    @Test
    void rightCredentialsOpenAnUploadAndCancelIt() throws Exception {
        try (LoopbackHttpServer server = registry(true)) {
            PushAccessCheck.Result result = check(server, Credential.basic("ci", "s3cret", "test"));
            assertTrue(result.canPush(), result.message());
            assertEquals("OK: can push to " + server.host() + "/team/app:1", result.message());
            List<String> calls = server.requests().stream().map(r -> r.method() + " " + r.target()).toList();
            assertTrue(calls.contains("DELETE /v2/team/app/blobs/uploads/u-1?_state=x"), calls.toString());
        }
    }

    @Test
    void noCredentials() throws Exception {
        try (LoopbackHttpServer server = registry(true)) {
            PushAccessCheck.Result result = check(server, null);
            assertEquals(PushAccessCheck.Outcome.NO_CREDENTIALS, result.outcome(), result.message());
            assertTrue(result.message().contains("no credentials for " + server.host()), result.message());
        }
    }

    @Test
    void wrongPasswordNamesTheSourceAndUserButNotThePassword() throws Exception {
        try (LoopbackHttpServer server = registry(true)) {
            PushAccessCheck.Result result = check(server, Credential.basic("ci", "Wr0ng-pass", "Docker config X"));
            assertEquals(PushAccessCheck.Outcome.WRONG_PASSWORD, result.outcome(), result.message());
            assertTrue(result.message().contains("wrong username or password"), result.message());
            assertTrue(result.message().contains("Docker config X (user ci)"), result.message());
            assertFalse(result.message().contains("Wr0ng-pass"), result.message());
        }
    }

    @Test
    void aValidLoginWithoutWriteAccessIsPullOnly() throws Exception {
        try (LoopbackHttpServer server = registry(false)) {
            PushAccessCheck.Result result = check(server, Credential.basic("ci", "s3cret", "test"));
            assertEquals(PushAccessCheck.Outcome.PULL_ONLY, result.outcome(), result.message());
            assertTrue(result.message().contains("no push access to team/app"), result.message());
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        PushAccessCheck.Result result = new PushAccessCheck(options(host, null))
                .check(ImageReference.parse(host + "/team/app:1"), host + "/team/app:1");
        assertEquals(PushAccessCheck.Outcome.UNREACHABLE, result.outcome(), result.message());
        assertTrue(result.message().contains("is unreachable"), result.message());
    }
}
