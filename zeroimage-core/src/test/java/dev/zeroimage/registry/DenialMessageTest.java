package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialChain;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 401 without credentials is one sentence: the registry, whether pulling or pushing was denied and for
 * which repository, and every credential source that was tried.
 */
class DenialMessageTest {
    private static final byte[] BLOB = "a blob".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor DESCRIPTOR = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(BLOB), BLOB.length);
    private static final CredentialSource NOTHING_STORED = new CredentialChain(List.of(
            CredentialSource.named("plugin configuration <fromAuth>", registry -> Optional.empty()),
            CredentialSource.named("Docker config /home/ci/.docker/config.json", registry -> Optional.empty())),
            message -> { });

    private static RegistryClient client(String host) throws Exception {
        return new RegistryClient(host, host, new RegistryOptions(RegistryTransport.defaults(), Set.of(host),
                NOTHING_STORED, 2, Duration.ofMillis(10), false));
    }

    private static LoopbackHttpServer basicOnly() throws Exception {
        return LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Basic realm=\"test\"")));
    }

    @Test
    void aDeniedPullNamesTheRepositoryAndTheSourcesTriedOnce() throws Exception {
        try (LoopbackHttpServer registry = basicOnly()) {
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> client(registry.host()).openBlob("demo/base", DESCRIPTOR).close());
            assertEquals("Registry " + registry.host() + " denied access to pull demo/base: it requires a login, and"
                    + " no credentials were found (tried plugin configuration <fromAuth>, Docker config"
                    + " /home/ci/.docker/config.json); add credentials to one of those sources or log in"
                    + " (zeroimage login, docker login).", e.getMessage());
        }
    }

    @Test
    void aDeniedPushSaysPushing() throws Exception {
        try (LoopbackHttpServer registry = basicOnly()) {
            ZeroImageException e = assertThrows(ZeroImageException.class, () -> client(registry.host())
                    .hasBlob("demo/app", DESCRIPTOR.digest(), List.of(RegistryClient.pushScope("demo/app"))));
            assertTrue(e.getMessage().startsWith("Registry " + registry.host() + " denied access to push to demo/app:"),
                    e.getMessage());
            assertEquals(1, e.getMessage().split("no credentials were found", -1).length - 1, e.getMessage());
        }
    }

    @Test
    void aTokenServiceRefusingTheAnonymousRequestIsOneSentenceToo() throws Exception {
        try (LoopbackHttpServer tokens = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(401, Map.of()));
             LoopbackHttpServer registry = LoopbackHttpServer.start((index, request) ->
                     LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Bearer realm=\"http://"
                             + tokens.host() + "/token\",service=\"test\"")))) {
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> client(registry.host()).openBlob("demo/base", DESCRIPTOR).close());
            String message = e.getMessage();
            assertTrue(message.startsWith("Registry " + registry.host() + " denied access to pull demo/base: the token"
                    + " service http://" + tokens.host() + "/token refused the anonymous request (HTTP 401), and no"
                    + " credentials were found (tried plugin configuration <fromAuth>, Docker config"), message);
            assertEquals(1, message.split("\\. ", -1).length, "one sentence: " + message);
        }
    }

    @Test
    void scopesSayWhatWasDenied() {
        assertEquals(" to push to demo/app", RegistryAuthenticator.activity(List.of("repository:demo/app:pull,push",
                "repository:library/base:pull")));
        assertEquals(" to pull library/base", RegistryAuthenticator.activity(List.of("repository:library/base:pull")));
        assertEquals("", RegistryAuthenticator.activity(List.of()));
    }
}
