package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.zeroimage.registry.PushFixtures.assertPushed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushes that meet faults: a wrong password, a registry that is down, and a loopback forwarder in
 * front of a real registry that answers 503/429, drops connections, or always fails.
 */
@Tag("real")
class RegistryFaultsTest {
    private static final String WRONG_PASSWORD = "Wr0ng-Pa55word-xyz";

    @TempDir
    static Path shared;

    private static TestRegistry plain;
    private static Image image;

    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTools.require("skopeo");
        Path hello = PushFixtures.compileStatic(shared.resolve("src"), "hello", "hello faults");
        image = PushFixtures.build(new BlobStore(shared.resolve("cache")), hello);
        plain = TestRegistry.plainHttp(shared.resolve("plain"));
    }

    @AfterAll
    static void tearDown() {
        if (plain != null) {
            plain.close();
        }
    }

    private static RegistryOptions options(String host, int maxAttempts) {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(host), CredentialSource.ANONYMOUS,
                maxAttempts, Duration.ofMillis(10), false);
    }

    // ------------------------------------------------------------------ credentials

    @Test
    void aWrongPasswordNamesTheRegistryAndTheSourceButNotThePassword() throws Exception {
        try (TestRegistry tls = TestRegistry.tlsWithBasicAuth(dir.resolve("tls"), "alice", "right-password")) {
            RegistryOptions options = PushFixtures.tls(tls,
                    PushFixtures.fixed("alice", WRONG_PASSWORD, "settings.xml server my-registry"));

            ZeroImageException e = assertThrows(ZeroImageException.class, () -> new ImagePusher(options, messages::add)
                    .push(image, ImageReference.parse(tls.host() + "/f/denied:1"), List.of(), null));

            String message = e.getMessage();
            assertTrue(message.contains(tls.host()), message);
            assertTrue(message.contains("settings.xml server my-registry"), message);
            assertTrue(message.contains("alice"), message);
            assertTrue(message.contains("401"), message);
            assertFalse(message.contains(WRONG_PASSWORD), message);
            assertFalse(message.contains(Base64.getEncoder().encodeToString(
                    ("alice:" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8))), message);
            assertNoSecret(e, WRONG_PASSWORD);
            assertTrue(messages.stream().noneMatch(m -> m.contains(WRONG_PASSWORD)), messages::toString);
            // Nothing was written: the manifest was never sent.
            assertTrue(tls.requests().stream().noneMatch(r -> r.method().equals("PUT")), tls.requests()::toString);
        }
    }

    @Test
    void withoutCredentialsABasicAuthRegistrySaysNoCredentialsWereFound() throws Exception {
        try (TestRegistry tls = TestRegistry.tlsWithBasicAuth(dir.resolve("tls"), "alice", "right-password")) {
            RegistryOptions options = PushFixtures.tls(tls, CredentialSource.ANONYMOUS);

            ZeroImageException e = assertThrows(ZeroImageException.class, () -> new ImagePusher(options, messages::add)
                    .push(image, ImageReference.parse(tls.host() + "/f/anonymous:1"), List.of(), null));

            assertTrue(e.getMessage().contains(tls.host()), e.getMessage());
            assertTrue(e.getMessage().contains("no credentials were found"), e.getMessage());
        }
    }

    @Test
    void aTlsRegistryWhoseCaIsNotGivenFailsWithAHint() throws Exception {
        try (TestRegistry tls = TestRegistry.tlsWithBasicAuth(dir.resolve("tls"), "alice", "right-password")) {
            RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(),
                    PushFixtures.fixed("alice", "right-password", "test"), 3, Duration.ofMillis(10), false);

            ZeroImageException e = assertThrows(ZeroImageException.class, () -> new ImagePusher(options, messages::add)
                    .push(image, ImageReference.parse(tls.host() + "/f/untrusted:1"), List.of(), null));

            assertTrue(e.getMessage().contains("TLS with registry " + tls.host()), e.getMessage());
            assertTrue(e.getMessage().contains("caCertificates"), e.getMessage());
        }
    }

    // ------------------------------------------------------------------ unreachable

    @Test
    void aRegistryThatIsDownIsRetriedThenReportedAsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        RegistryOptions options = options(host, 3);

        long start = System.nanoTime();
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> new ImagePusher(options, messages::add)
                .push(image, ImageReference.parse(host + "/f/down:1"), List.of(), null));
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.getMessage().startsWith("Cannot reach registry " + host), e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        // Backoff 10 ms, then 20 ms: two waits between three attempts.
        assertTrue(elapsedMillis >= 30, "no backoff between attempts: " + elapsedMillis + " ms");
        assertTrue(elapsedMillis < 5_000, "retried far too long: " + elapsedMillis + " ms");
    }

    // ------------------------------------------------------------------ a faulty forwarder

    @Test
    void fiveHundredThreesAndA429WithRetryAfterAreRetried() throws Exception {
        try (LoopbackHttpServer proxy = LoopbackHttpServer.forwarder(plain.port(), (index, request) -> {
            if (index < 3) {
                return LoopbackHttpServer.Response.of(503, Map.of());
            }
            if (index == 3) {
                return LoopbackHttpServer.Response.of(429, Map.of("Retry-After", "1"));
            }
            return LoopbackHttpServer.Response.FORWARD;
        })) {
            ImagePusher.Result result = new ImagePusher(options(proxy.host(), 5), messages::add)
                    .push(image, ImageReference.parse(proxy.host() + "/f/flaky:1"), List.of(), null);

            assertEquals(image.digest(), result.digest());
            assertPushed(plain, "f/flaky:1", image);
            List<LoopbackHttpServer.Exchange> exchanges = proxy.exchanges();
            assertEquals(List.of(503, 503, 503, 429, -2), exchanges.subList(0, 5).stream()
                    .map(LoopbackHttpServer.Exchange::outcome).toList());
            // All five are the same request, the first of the push.
            String first = exchanges.get(0).request().method() + " " + exchanges.get(0).request().target();
            for (int i = 1; i < 5; i++) {
                assertEquals(first, exchanges.get(i).request().method() + " " + exchanges.get(i).request().target());
            }
            long waitedAfter429 = (exchanges.get(4).request().receivedNanos()
                    - exchanges.get(3).request().receivedNanos()) / 1_000_000;
            assertTrue(waitedAfter429 >= 900, "Retry-After: 1 was not honoured: " + waitedAfter429 + " ms");
        }
    }

    @Test
    void droppedConnectionsAreRetried() throws Exception {
        try (LoopbackHttpServer proxy = LoopbackHttpServer.forwarder(plain.port(), (index, request) ->
                index < 3 ? LoopbackHttpServer.Response.DROP : LoopbackHttpServer.Response.FORWARD)) {
            ImagePusher.Result result = new ImagePusher(options(proxy.host(), 4), messages::add)
                    .push(image, ImageReference.parse(proxy.host() + "/f/drops:1"), List.of(), null);

            assertEquals(image.digest(), result.digest());
            assertPushed(plain, "f/drops:1", image);
            assertEquals(List.of(-1, -1, -1), proxy.exchanges().subList(0, 3).stream()
                    .map(LoopbackHttpServer.Exchange::outcome).toList());
        }
    }

    @Test
    void aRegistryThatAlwaysAnswers503FailsNamingRegistryRepositoryAndStatusAndTagsNothing() throws Exception {
        try (LoopbackHttpServer proxy = LoopbackHttpServer.forwarder(plain.port(), (index, request) ->
                LoopbackHttpServer.Response.of(503, Map.of("Content-Type", "application/json"),
                        "{\"errors\":[{\"code\":\"UNAVAILABLE\",\"message\":\"down for maintenance\"}]}"
                                .getBytes(StandardCharsets.UTF_8)))) {
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> new ImagePusher(options(proxy.host(), 3), messages::add)
                            .push(image, ImageReference.parse(proxy.host() + "/f/down503:1"), List.of(), null));

            assertTrue(e.getMessage().contains(proxy.host()), e.getMessage());
            assertTrue(e.getMessage().contains("f/down503"), e.getMessage());
            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
            assertEquals(3, proxy.requests().size(), "maxAttempts=3: " + proxy.requests());
            assertNoTag("f/down503", "1");
        }
    }

    @Test
    void aFailingBlobUploadLeavesNoTag() throws Exception {
        try (LoopbackHttpServer proxy = LoopbackHttpServer.forwarder(plain.port(), (index, request) ->
                request.method().equals("PUT") && request.target().contains("/blobs/uploads/")
                        ? LoopbackHttpServer.Response.of(503, Map.of()) : LoopbackHttpServer.Response.FORWARD)) {
            plain.clearRequests();
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> new ImagePusher(options(proxy.host(), 2), messages::add)
                            .push(image, ImageReference.parse(proxy.host() + "/f/halfway:1"), List.of("2"), null));

            assertTrue(e.getMessage().contains("HTTP 503"), e.getMessage());
            assertTrue(e.getMessage().contains("f/halfway"), e.getMessage());
            List<AccessLogEntry> requests = plain.requests();
            assertTrue(requests.stream().noneMatch(r -> r.is("PUT", "/v2/f/halfway/manifests/.*")), requests::toString);
            assertNoTag("f/halfway", "1");
            assertNoTag("f/halfway", "2");
        }
    }

    @Test
    void aBlobUploadWhoseAnswerIsLostIsNotReportedAsAFailure() throws Exception {
        // The registry stores the blob, but the connection breaks before its 201 arrives: retrying the
        // same (now finished) upload session gets 404 BLOB_UPLOAD_UNKNOWN although the blob is there.
        java.util.concurrent.atomic.AtomicBoolean dropped = new java.util.concurrent.atomic.AtomicBoolean();
        try (LoopbackHttpServer proxy = LoopbackHttpServer.forwarder(plain.port(), (index, request) ->
                request.method().equals("PUT") && request.target().contains("/blobs/uploads/")
                        && dropped.compareAndSet(false, true)
                        ? LoopbackHttpServer.Response.FORWARD_THEN_DROP : LoopbackHttpServer.Response.FORWARD)) {
            ImagePusher.Result result = new ImagePusher(options(proxy.host(), 3), messages::add)
                    .push(image, ImageReference.parse(proxy.host() + "/f/lostanswer:1"), List.of(), null);

            assertTrue(dropped.get());
            assertEquals(image.digest(), result.digest());
            assertPushed(plain, "f/lostanswer:1", image);
        }
    }

    @Test
    void aBlobWhoseBytesDoNotMatchItsDigestIsRefused() throws Exception {
        byte[] content = "some bytes".getBytes(StandardCharsets.UTF_8);
        dev.zeroimage.image.Descriptor lying = new dev.zeroimage.image.Descriptor("application/octet-stream",
                dev.zeroimage.image.Digest.sha256("other bytes".getBytes(StandardCharsets.UTF_8)), content.length);
        RegistryClient client = new RegistryClient(plain.host(), plain.host(), options(plain.host(), 2));

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> client.uploadBlob("f/corrupt", lying,
                content, List.of(RegistryClient.pushScope("f/corrupt"))));

        assertTrue(e.getMessage().contains("DIGEST_INVALID"), e.getMessage());
        assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage());
        assertFalse(client.hasBlob("f/corrupt", lying.digest(), List.of()));
    }

    // ---------------------------------------------------------------------------------------------

    private void assertNoTag(String repository, String tag) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(plain.baseUrl() + "/v2/" + repository + "/manifests/" + tag))
                .header("Accept", RegistryClient.MANIFEST_ACCEPT).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode(), response.body());
        List<String> args = new ArrayList<>(List.of("inspect", "--raw"));
        args.addAll(plain.skopeoTlsArgs(""));
        args.add(plain.reference(repository + ":" + tag));
        assertNotEquals(0, plain.skopeo(args).exitCode(), "skopeo found " + repository + ":" + tag);
    }

    private static void assertNoSecret(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
        }
    }
}
