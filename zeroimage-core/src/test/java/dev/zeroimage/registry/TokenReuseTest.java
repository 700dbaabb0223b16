package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.Layer;
import dev.zeroimage.testing.TestRegistry;
import dev.zeroimage.testing.TokenServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.zeroimage.registry.PushFixtures.assertPushed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bearer tokens: fetched once per scope set within a client, and one retry (not more) on a fresh 401. */
@Tag("real")
class TokenReuseTest {
    @TempDir
    Path dir;

    private static RegistryOptions options(String host) {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(host),
                PushFixtures.fixed("pusher", "t0ken-pw", "test"), 3, Duration.ofMillis(10), false);
    }

    /** What {@link ImagePusher} does, on a given client: blobs that are missing, then the manifest. */
    private static void pushWith(RegistryClient client, Image image, String repository, String tag) throws Exception {
        List<String> scopes = List.of(RegistryClient.pushScope(repository));
        for (Layer layer : image.layers()) {
            if (!client.hasBlob(repository, layer.descriptor().digest(), scopes)) {
                client.uploadBlob(repository, layer.descriptor(), layer.blob(), scopes);
            }
        }
        if (!client.hasBlob(repository, image.configDescriptor().digest(), scopes)) {
            client.uploadBlob(repository, image.configDescriptor(), image.configJson(), scopes);
        }
        Digest digest = client.putManifest(repository, tag, image.manifestJson(),
                image.manifestDescriptor().mediaType(), scopes);
        assertEquals(image.digest(), digest);
    }

    @Test
    void twoPushesInOneClientFetchOneTokenPerScopeSet() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Image first = PushFixtures.build(store, PushFixtures.compileStatic(dir.resolve("src"), "one", "one"));
        Image second = PushFixtures.build(store, PushFixtures.compileStatic(dir.resolve("src"), "two", "two"));
        try (TestRegistry registry = TestRegistry.tokenAuth(dir.resolve("token"), Map.of("pusher", "t0ken-pw"), false)) {
            TokenServer tokens = registry.tokenServer();
            RegistryClient client = new RegistryClient(registry.host(), registry.host(), options(registry.host()));

            pushWith(client, first, "g/reuse", "1");
            pushWith(client, second, "g/reuse", "2");

            assertEquals(1, tokens.issuedTokens(), "one token for the push scope: " + tokens.requestedScopes());
            assertEquals(List.of("repository:g/reuse:pull,push"), tokens.requestedScopes());
            assertPushed(registry, "g/reuse:1", first);
            assertPushed(registry, "g/reuse:2", second);

            // Another scope set needs its own token, once (skopeo fetched its own tokens meanwhile).
            tokens.reset();
            registry.clearRequests();
            client.fetchManifest("g/reuse", "1");
            client.fetchManifest("g/reuse", "2");
            assertEquals(1, tokens.issuedTokens(), tokens.requestedScopes() + " " + registry.requests());
            assertEquals(List.of("repository:g/reuse:pull"), tokens.requestedScopes());
            assertEquals(List.of("pusher"), tokens.tokenSubjects());
            assertEquals(1, registry.requests().stream().filter(r -> r.status() == 401).count(),
                    registry.requests()::toString);
        }
    }

    @Test
    void aPersistent401IsRetriedExactlyOnceWithAFreshToken() throws Exception {
        try (TokenServer tokens = TokenServer.start(dir.resolve("tokens"), Map.of("pusher", "t0ken-pw"), false);
             LoopbackHttpServer registry = LoopbackHttpServer.start((index, request) ->
                     LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Bearer realm=\"" + tokens.realm()
                             + "\",service=\"" + tokens.service() + "\",scope=\"repository:g/denied:pull\"")))) {
            RegistryClient client = new RegistryClient(registry.host(), registry.host(), options(registry.host()));

            ZeroImageException e = assertThrows(ZeroImageException.class, () -> client.fetchManifest("g/denied", "1"));

            assertTrue(e.getMessage().contains("denied access"), e.getMessage());
            assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
            List<LoopbackHttpServer.Request> requests = registry.requests();
            assertEquals(2, requests.size(), requests::toString);
            assertNull(requests.get(0).header("Authorization"));
            assertTrue(requests.get(1).header("Authorization").startsWith("Bearer "), requests::toString);
            assertEquals(1, tokens.issuedTokens());
        }
    }

    @Test
    void aFresh401AfterSuccessFetchesANewTokenAndRetriesOnce() throws Exception {
        try (TokenServer tokens = TokenServer.start(dir.resolve("tokens"), Map.of("pusher", "t0ken-pw"), false)) {
            String challenge = "Bearer realm=\"" + tokens.realm() + "\",service=\"" + tokens.service() + "\"";
            try (LoopbackHttpServer registry = LoopbackHttpServer.start((index, request) -> {
                // 0: anonymous -> 401; 1: ok; 2: the token "expired" -> 401; then ok.
                if (request.header("Authorization") == null || index == 2) {
                    return LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", challenge));
                }
                return LoopbackHttpServer.Response.of(200, Map.of());
            })) {
                RegistryClient client = new RegistryClient(registry.host(), registry.host(), options(registry.host()));
                Digest digest = Digest.sha256(new byte[0]);
                List<String> scopes = List.of(RegistryClient.pushScope("g/fresh"));

                assertTrue(client.hasBlob("g/fresh", digest, scopes));
                assertTrue(client.hasBlob("g/fresh", digest, scopes));
                assertTrue(client.hasBlob("g/fresh", digest, scopes));

                List<LoopbackHttpServer.Request> requests = registry.requests();
                assertEquals(5, requests.size(), requests::toString);
                assertEquals(2, tokens.issuedTokens());
                String firstToken = requests.get(1).header("Authorization");
                assertEquals(firstToken, requests.get(2).header("Authorization"), "the cached token is reused");
                assertNotEquals(firstToken, requests.get(3).header("Authorization"), "a fresh token after the 401");
                assertEquals(requests.get(3).header("Authorization"), requests.get(4).header("Authorization"));
                assertFalse(requests.stream().skip(1).anyMatch(r -> r.header("Authorization") == null));
            }
        }
    }
}
