package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The small parts of authentication: challenges, the token cache, the CA option, a refusing token service. */
@Tag("real")
class AuthPiecesTest {
    @TempDir
    Path dir;

    @Test
    void bearerChallengeKeepsQuotedCommasAndEscapes() {
        AuthChallenge challenge = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\","
                + "service=\"registry.example\",scope=\"repository:a/b:pull,push\",error=\"say \\\"hi\\\"\"");

        assertTrue(challenge.isBearer());
        assertFalse(challenge.isBasic());
        assertEquals("https://auth.example/token", challenge.realm());
        assertEquals("registry.example", challenge.service());
        assertEquals("repository:a/b:pull,push", challenge.parameters().get("scope"));
        assertEquals("say \"hi\"", challenge.parameters().get("error"));
    }

    @Test
    void schemeIsCaseInsensitiveAndUnquotedValuesWork() {
        AuthChallenge challenge = AuthChallenge.parse("BASIC Realm=registry");

        assertTrue(challenge.isBasic());
        assertEquals("registry", challenge.realm());
        assertNull(AuthChallenge.parse(null));
        assertNull(AuthChallenge.parse("  "));
    }

    @Test
    void tokensAreReusedUntilShortlyBeforeTheyExpire() {
        MutableClock clock = new MutableClock(Instant.parse("2024-01-01T00:00:00Z"));
        TokenCache cache = new TokenCache(clock);
        cache.put("repository:a:pull", "t1", 300);
        cache.put("repository:b:pull", "t2", 5);

        assertEquals("t1", cache.get("repository:a:pull"));
        assertEquals("t2", cache.get("repository:b:pull"));
        assertNull(cache.get("repository:a:pull,push"), "tokens are per scope set");
        clock.now = clock.now.plusSeconds(2);
        assertNull(cache.get("repository:b:pull"), "a short-lived token is kept at most a second");
        clock.now = clock.now.plusSeconds(287);
        assertEquals("t1", cache.get("repository:a:pull"));
        clock.now = clock.now.plusSeconds(2);
        assertNull(cache.get("repository:a:pull"), "10 s before expiry the token is not used any more");

        cache.put("repository:a:pull", "t3", 300);
        cache.invalidate("repository:a:pull");
        assertNull(cache.get("repository:a:pull"));
    }

    @Test
    void aCaCertificateThatIsNotPemIsReportedWithTheSetting() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.txt"), "not a certificate");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new RegistryTransport(List.of(notPem), null));

        assertTrue(e.getMessage().contains(notPem.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("caCertificates"), e.getMessage());
    }

    @Test
    void aCaCertificateFileWithoutCertificatesIsAnError() throws Exception {
        dev.zeroimage.testing.ExternalTools.require("openssl");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path key = dir.resolve("domain.key");
        dev.zeroimage.testing.ExternalTools.ProcessResult result = dev.zeroimage.testing.ExternalTools.run(
                Duration.ofSeconds(30), List.of("openssl", "genrsa", "-out", key.toString(), "2048"));
        assertEquals(0, result.exitCode(), result::output);

        for (Path file : List.of(empty, key)) {
            ZeroImageException e = assertThrows(ZeroImageException.class,
                    () -> new RegistryTransport(List.of(file), null), file::toString);
            assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("caCertificates"), e.getMessage());
        }
    }

    @Test
    void aTokenServiceRefusingTheCredentialsNamesSourceButNotPassword() throws Exception {
        Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")),
                PushFixtures.compileStatic(dir.resolve("src"), "hello", "hello token"));
        try (TestRegistry registry = TestRegistry.tokenAuth(dir.resolve("token"), Map.of("pusher", "right-pw"), true)) {
            RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(registry.host()),
                    PushFixtures.fixed("pusher", "Wrong-Token-Pw", "env ZEROIMAGE_PASSWORD"), 2,
                    Duration.ofMillis(10), false);
            List<String> messages = new ArrayList<>();

            ZeroImageException e = assertThrows(ZeroImageException.class, () -> new ImagePusher(options, messages::add)
                    .push(image, ImageReference.parse(registry.host() + "/g/refused:1"), List.of(), null));

            assertTrue(e.getMessage().contains(registry.host()), e.getMessage());
            assertTrue(e.getMessage().contains(registry.tokenServer().realm()), e.getMessage());
            assertTrue(e.getMessage().contains("env ZEROIMAGE_PASSWORD"), e.getMessage());
            assertFalse(e.getMessage().contains("Wrong-Token-Pw"), e.getMessage());
            assertEquals(0, registry.tokenServer().issuedTokens());
            assertTrue(registry.requests().stream().noneMatch(r -> r.method().equals("PUT")), registry.requests()::toString);
        }
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
