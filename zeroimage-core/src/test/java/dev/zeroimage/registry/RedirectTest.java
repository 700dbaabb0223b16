package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Blob downloads redirected to storage: credentials go to the registry only, never to another host. */
class RedirectTest {
    private static final byte[] BLOB = "the bytes of a blob".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor DESCRIPTOR = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(BLOB), BLOB.length);
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("alice:redirect-pw".getBytes(StandardCharsets.UTF_8));

    private static RegistryClient client(String host) throws Exception {
        return new RegistryClient(host, host, new RegistryOptions(RegistryTransport.defaults(), Set.of(host),
                PushFixtures.fixed("alice", "redirect-pw", "test"), 2, Duration.ofMillis(10), false));
    }

    /** A registry with Basic auth that redirects blob GETs to {@code location(request)}. */
    private static LoopbackHttpServer registry(java.util.function.Function<LoopbackHttpServer.Request, String> location)
            throws Exception {
        return LoopbackHttpServer.start((index, request) -> {
            if (request.header("Authorization") == null) {
                return LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Basic realm=\"test\""));
            }
            if (!request.header("Authorization").equals(BASIC)) {
                return LoopbackHttpServer.Response.of(403, Map.of());
            }
            if (request.target().startsWith("/v2/")) {
                return LoopbackHttpServer.Response.of(307, Map.of("Location", location.apply(request)));
            }
            return LoopbackHttpServer.Response.of(200, Map.of(), BLOB);
        });
    }

    @Test
    void aRedirectToAnotherHostCarriesNoAuthorization() throws Exception {
        try (LoopbackHttpServer storage = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(200, Map.of("Content-Type", "application/octet-stream"), BLOB));
             LoopbackHttpServer registry = registry(request ->
                     "http://" + storage.host() + "/storage/blob?signature=abc")) {
            byte[] content;
            try (InputStream in = client(registry.host()).openBlob("r/app", DESCRIPTOR)) {
                content = in.readAllBytes();
            }

            assertArrayEquals(BLOB, content);
            List<LoopbackHttpServer.Request> toRegistry = registry.requests();
            assertEquals(2, toRegistry.size(), toRegistry::toString);
            assertNull(toRegistry.get(0).header("Authorization"));
            assertEquals(BASIC, toRegistry.get(1).header("Authorization"), "the registry got the credentials");
            assertEquals("/v2/r/app/blobs/" + DESCRIPTOR.digest(), toRegistry.get(1).target());
            List<LoopbackHttpServer.Request> toStorage = storage.requests();
            assertEquals(1, toStorage.size(), toStorage::toString);
            assertEquals("/storage/blob?signature=abc", toStorage.get(0).target());
            assertNull(toStorage.get(0).header("Authorization"), "credentials leaked to the storage host: "
                    + toStorage.get(0).headers());
        }
    }

    @Test
    void aChallengeFromTheOtherHostIsNotAnsweredWithTheRegistrysCredentials() throws Exception {
        try (LoopbackHttpServer storage = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Basic realm=\"storage\"")));
             LoopbackHttpServer registry = registry(request -> "http://" + storage.host() + "/storage/blob")) {
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> client(registry.host()).openBlob("r/app", DESCRIPTOR).close());

            assertTrue(e.getMessage().contains("401"), e.getMessage());
            List<LoopbackHttpServer.Request> toStorage = storage.requests();
            assertEquals(1, toStorage.size(), "the other host's 401 must not be retried with credentials: " + toStorage);
            assertNull(toStorage.get(0).header("Authorization"));
        }
    }

    @Test
    void aRedirectOnTheSameHostKeepsTheCredentials() throws Exception {
        try (LoopbackHttpServer registry = LoopbackHttpServer.start((index, request) -> {
            if (request.header("Authorization") == null) {
                return LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Basic realm=\"test\""));
            }
            if (request.target().startsWith("/v2/")) {
                return LoopbackHttpServer.Response.of(307, Map.of("Location", "/storage/blob"));
            }
            return LoopbackHttpServer.Response.of(200, Map.of(), BLOB);
        })) {
            try (InputStream in = client(registry.host()).openBlob("r/app", DESCRIPTOR)) {
                assertArrayEquals(BLOB, in.readAllBytes());
            }
            List<LoopbackHttpServer.Request> requests = registry.requests();
            assertEquals(3, requests.size(), requests::toString);
            assertEquals("/storage/blob", requests.get(2).target());
            assertEquals(BASIC, requests.get(2).header("Authorization"));
        }
    }
}
