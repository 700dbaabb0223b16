package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The early contact with the push registry (issue 16): one GET /v2/ without credentials, and for an
 * insecure registry without TLS the scheme learned once, so the push itself sends no TLS handshake.
 */
class RegistryProbeTest {
    /** Credentials the probe must never ask for. */
    private static final CredentialSource MUST_NOT_BE_ASKED = registry -> fail("the probe asked for credentials");

    private static RegistryOptions options(RegistryTransport transport, Set<String> insecure, boolean offline) {
        return new RegistryOptions(transport, insecure, MUST_NOT_BE_ASKED, 1, Duration.ofMillis(10), offline);
    }

    @Test
    void anInsecurePlainHttpRegistryIsProbedOnceAndThePushStartsWithHttp() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(request.target().equals("/v2/") ? 200 : 404, Map.of()))) {
            RegistryTransport transport = RegistryTransport.defaults();
            ImageReference target = ImageReference.parse(server.host() + "/app:1");

            RegistryProbe.probe(options(transport, Set.of(server.host()), false), target);

            assertEquals(1, server.tlsProbes(), "one TLS attempt, answered in plain HTTP");
            List<LoopbackHttpServer.Request> requests = server.requests();
            assertEquals(1, requests.size(), requests.toString());
            assertEquals("GET", requests.get(0).method());
            assertEquals("/v2/", requests.get(0).target());
            assertNull(requests.get(0).header("Authorization"), "no credentials in a probe");
            assertTrue(transport.speaksPlainHttp(server.host()));

            // The push's client, on the same transport: straight to HTTP, no second handshake.
            RegistryOptions pushOptions = new RegistryOptions(transport, Set.of(server.host()),
                    CredentialSource.ANONYMOUS, 1, Duration.ofMillis(10), false);
            RegistryClient client = new RegistryClient(server.host(), server.host(), pushOptions);
            assertFalse(client.hasBlob("app", Digest.sha256(new byte[0]), List.of()));
            assertEquals(1, server.tlsProbes(), "the push learned the scheme from the probe");
            transport.close();
        }
    }

    @Test
    void aRegistryThatMustSpeakTlsIsNeverDowngraded() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(200, Map.of()))) {
            RegistryTransport transport = RegistryTransport.defaults();
            assertThrows(IOException.class, () -> RegistryProbe.probe(options(transport, Set.of(), false),
                    ImageReference.parse(server.host() + "/app:1")));
            assertEquals(0, server.requests().size(), "no plain-HTTP request to a registry not listed insecure");
            assertFalse(transport.speaksPlainHttp(server.host()));
            transport.close();
        }
    }

    @Test
    void offlineNothingIsSent() throws Exception {
        try (LoopbackHttpServer server = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(200, Map.of()))) {
            RegistryTransport transport = RegistryTransport.defaults();
            RegistryOptions offline = options(transport, Set.of(server.host()), true);
            ImageReference target = ImageReference.parse(server.host() + "/app:1");
            RegistryProbe.start(offline, target);
            RegistryProbe.probe(offline, target);
            Thread.sleep(200); // what a started probe would have sent by now
            assertEquals(0, server.tlsProbes() + server.requests().size());
            transport.close();
        }
    }
}
