package dev.zeroimage.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Self-test of {@link TestRegistry} against the real docker-registry, skopeo and umoci. */
@Tag("real")
class TestRegistryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        ExternalTools.require("docker-registry");
        ExternalTools.require("skopeo");
        ExternalTools.require("umoci");
    }

    @Test
    void plainHttp() throws Exception {
        String image = tinyImage();
        int port;
        try (TestRegistry registry = TestRegistry.plainHttp(dir.resolve("registry"))) {
            port = registry.port();
            assertTrue(registry.host().matches("127\\.0\\.0\\.1:\\d+"), registry.host());
            assertFalse(registry.tls());
            assertNull(registry.caCertificatePem());
            assertNull(registry.trustStore());
            assertNull(registry.skopeoCertDir());
            assertNull(registry.tokenServer());
            assertEquals(List.of("--dest-tls-verify=false"), registry.skopeoTlsArgs("dest"));
            assertEquals(List.of("--src-tls-verify=false"), registry.skopeoTlsArgs("src"));
            assertTrue(registry.requests().isEmpty(), "start-up probes are not reported: " + registry.requests());

            registry.skopeoCopy(image, "demo/app:1");
            assertManifest(registry.skopeoInspectRaw("demo/app:1"));
            List<AccessLogEntry> requests = registry.requests();
            assertTrue(requests.contains(new AccessLogEntry("PUT", "/v2/demo/app/manifests/1", 201)), requests::toString);
            assertTrue(requests.contains(new AccessLogEntry("GET", "/v2/demo/app/manifests/1", 200)), requests::toString);
            // The last request the caller made is already there (requests() synchronises with the log).
            assertEquals(new AccessLogEntry("GET", "/v2/demo/app/manifests/1", 200), requests.get(requests.size() - 1));

            registry.clearRequests();
            assertTrue(registry.requests().isEmpty());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(registry.baseUrl() + "/v2/demo/app/tags/list")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals(List.of(new AccessLogEntry("GET", "/v2/demo/app/tags/list", 200)), registry.requests());
        }
        assertPortFree(port);
    }

    @Test
    void tlsWithBasicAuth() throws Exception {
        String image = tinyImage();
        int port;
        try (TestRegistry registry = TestRegistry.tlsWithBasicAuth(dir.resolve("registry"), "alice", "s3cret")) {
            port = registry.port();
            assertTrue(registry.tls());
            assertTrue(Files.isRegularFile(registry.caCertificatePem()));
            assertTrue(Files.isRegularFile(registry.skopeoCertDir().resolve("ca.crt")));
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(registry.trustStore())) {
                store.load(in, "changeit".toCharArray());
            }
            assertEquals(1, store.size());
            assertEquals(List.of("--dest-cert-dir", registry.skopeoCertDir().toString(), "--dest-creds", "alice:s3cret"),
                    registry.skopeoTlsArgs("dest"));

            registry.skopeoCopy(image, "demo/app:1");
            assertManifest(registry.skopeoInspectRaw("demo/app:1"));
            List<AccessLogEntry> requests = registry.requests();
            assertTrue(requests.contains(new AccessLogEntry("PUT", "/v2/demo/app/manifests/1", 201)), requests::toString);
            assertTrue(requests.stream().anyMatch(r -> r.status() == 401), "challenge first: " + requests);

            // Without the certificate skopeo refuses the registry.
            ExternalTools.ProcessResult noCert = registry.skopeo(List.of("inspect", "--raw",
                    "--creds", "alice:s3cret", registry.reference("demo/app:1")));
            assertNotEquals(0, noCert.exitCode());
            assertTrue(noCert.output().contains("x509") || noCert.output().contains("certificate"), noCert.output());
            // Wrong password and no credentials are refused.
            IllegalStateException wrong = assertThrows(IllegalStateException.class,
                    () -> registry.skopeoInspectRaw("demo/app:1", "alice", "wrong"));
            assertTrue(wrong.getMessage().contains("unauthorized"), wrong.getMessage());
            assertThrows(IllegalStateException.class, () -> registry.skopeoInspectRaw("demo/app:1", null, null));

            // Java trusts it through the trust store, over HTTP/2.
            HttpClient client = HttpClient.newBuilder().sslContext(registry.sslContext()).build();
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(registry.baseUrl() + "/v2/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, response.statusCode());
            assertEquals(HttpClient.Version.HTTP_2, response.version());
            assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"basic-realm\""),
                    response.headers().map()::toString);
        }
        assertPortFree(port);
    }

    @Test
    void tokenAuthWithAnonymousPull() throws Exception {
        String image = tinyImage();
        int port;
        int tokenPort;
        try (TestRegistry registry = TestRegistry.tokenAuth(dir.resolve("registry"), Map.of("alice", "s3cret"), true)) {
            port = registry.port();
            TokenServer tokens = registry.tokenServer();
            assertNotNull(tokens);
            tokenPort = tokens.port();
            assertEquals("http://127.0.0.1:" + tokenPort + "/token", tokens.realm());
            assertEquals("test-registry", tokens.service());
            assertEquals(List.of("--dest-tls-verify=false", "--dest-creds", "alice:s3cret"), registry.skopeoTlsArgs("dest"));

            registry.skopeoCopy(image, "demo/app:1");
            assertTrue(tokens.issuedTokens() > 0);
            assertTrue(tokens.requestedScopes().contains("repository:demo/app:pull,push"), tokens.requestedScopes()::toString);
            List<AccessLogEntry> requests = registry.requests();
            assertTrue(requests.contains(new AccessLogEntry("PUT", "/v2/demo/app/manifests/1", 201)), requests::toString);

            assertManifest(registry.skopeoInspectRaw("demo/app:1"));
            int before = tokens.issuedTokens();
            assertManifest(registry.skopeoInspectRaw("demo/app:1", null, null)); // anonymous pull
            assertTrue(tokens.issuedTokens() > before);
            assertTrue(tokens.tokenSubjects().contains(""), tokens.tokenSubjects()::toString);

            IllegalStateException wrong = assertThrows(IllegalStateException.class,
                    () -> registry.skopeoCopy(image, "demo/app:2", "alice", "wrong"));
            assertTrue(wrong.getMessage().contains("unauthorized") || wrong.getMessage().contains("401"), wrong.getMessage());
            assertTrue(tokens.rejectedRequests() > 0);
            // Anonymous clients may pull but not push.
            assertThrows(IllegalStateException.class, () -> registry.skopeoCopy(image, "demo/app:3", null, null));
        }
        assertPortFree(port);
        assertPortFree(tokenPort);
    }

    @Test
    void tokenAuthWithoutAnonymousPull() throws Exception {
        String image = tinyImage();
        Map<String, String> users = new LinkedHashMap<>();
        users.put("bob", "pw-bob");
        users.put("carol", "pw-carol");
        int port;
        try (TestRegistry registry = TestRegistry.tokenAuth(dir.resolve("registry"), users, false)) {
            port = registry.port();
            assertEquals("bob", registry.user());
            registry.skopeoCopy(image, "demo/app:1");
            assertManifest(registry.skopeoInspectRaw("demo/app:1", "carol", "pw-carol"));
            IllegalStateException anonymous = assertThrows(IllegalStateException.class,
                    () -> registry.skopeoInspectRaw("demo/app:1", null, null));
            assertTrue(anonymous.getMessage().contains("unauthorized") || anonymous.getMessage().contains("denied"),
                    anonymous.getMessage());
            assertTrue(registry.requests().stream().anyMatch(r -> r.is("GET", "/v2/demo/app/manifests/1") && r.status() == 401));
        }
        assertPortFree(port);
    }

    @Test
    void retriesOnAPortTakenInTheMeantimeAndGivesUpWithTheLog() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int busy = taken.getLocalPort();
            int[] calls = {0};
            TestRegistry.portChooser = () -> calls[0]++ == 0 ? busy : freePort();
            try (TestRegistry registry = TestRegistry.plainHttp(dir.resolve("retry"))) {
                assertNotEquals(busy, registry.port());
                assertEquals(2, calls[0]);
            }
            TestRegistry.portChooser = () -> busy;
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> TestRegistry.plainHttp(dir.resolve("busy")));
            assertTrue(e.getMessage().contains("attempt 3") && e.getMessage().contains("address already in use"),
                    e.getMessage());
        } finally {
            TestRegistry.portChooser = TestRegistryTest::freePort;
        }
    }

    @Test
    void parsesCombinedLogLines() {
        assertEquals(new AccessLogEntry("GET", "/v2/", 401),
                TestRegistry.parse("127.0.0.1 - - [25/Nov/2026:08:53:02 +0000] \"GET /v2/ HTTP/1.1\" 401 87 \"\" \"skopeo/1.9.3\""));
        assertEquals(new AccessLogEntry("PUT", "/v2/a/blobs/uploads/x?_state=y&digest=sha256%3Aab", 201),
                TestRegistry.parse("127.0.0.1 - - [25/Nov/2026:08:53:02 +0000] \"PUT /v2/a/blobs/uploads/x?_state=y&digest=sha256%3Aab HTTP/2.0\" 201 0 \"\" \"Java-http-client/17\""));
        assertNull(TestRegistry.parse("time=\"2026-11-25T08:53:01Z\" level=info msg=\"listening on 127.0.0.1:45123\""));
    }

    private String tinyImage() throws Exception {
        Path layout = dir.resolve("layout");
        run(List.of("umoci", "init", "--layout", layout.toString()));
        run(List.of("umoci", "new", "--image", layout + ":t"));
        return "oci:" + layout + ":t";
    }

    private static void run(List<String> command) throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(Duration.ofSeconds(60), command);
        assertEquals(0, result.exitCode(), () -> String.join(" ", command) + ":\n" + result.output());
    }

    private static void assertManifest(String raw) throws Exception {
        JsonNode manifest = JSON.readTree(raw);
        assertEquals(2, manifest.path("schemaVersion").asInt(), raw);
        assertTrue(manifest.path("config").path("digest").asText().startsWith("sha256:"), raw);
        assertFalse(raw.endsWith("\n"));
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void assertPortFree(int port) throws Exception {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        }
    }
}
