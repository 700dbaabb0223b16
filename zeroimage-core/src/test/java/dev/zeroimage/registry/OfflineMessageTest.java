package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.Digest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Offline, a push says that pushing needs the network; a pull still says that a pulled base is cached. */
class OfflineMessageTest {
    private static final Digest DIGEST = Digest.sha256("x".getBytes(StandardCharsets.UTF_8));

    private static RegistryClient offlineClient() throws Exception {
        return new RegistryClient("registry.example", "registry.example", new RegistryOptions(RegistryTransport.defaults(),
                Set.of(), CredentialSource.ANONYMOUS, 1, Duration.ofMillis(1), true));
    }

    @Test
    void aPushSaysPushingNeedsTheNetwork() {
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> offlineClient()
                .hasBlob("demo/app", DIGEST, List.of(RegistryClient.pushScope("demo/app"))));
        assertTrue(e.getMessage().startsWith("Cannot push to registry registry.example ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("pushing needs the network, and offline mode is on. Turn offline mode off"
                + " to push."), e.getMessage());
        assertFalse(e.getMessage().contains("cached"), e.getMessage());
    }

    @Test
    void aPullStillPointsAtTheCache() {
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> offlineClient()
                .hasBlob("demo/base", DIGEST, List.of(RegistryClient.pullScope("demo/base"))));
        assertEquals(true, e.getMessage().contains("a base image that was pulled once is then cached"), e.getMessage());
    }
}
