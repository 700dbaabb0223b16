package dev.zeroimage.registry;

import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Credentials are looked up on the registry's first challenge: never for a registry that does not ask. */
class LazyCredentialsTest {
    private static final byte[] BLOB = "a blob".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor DESCRIPTOR = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(BLOB), BLOB.length);

    /** A source that records each registry it is asked about and answers with a fixed credential. */
    private static final class CountingSource implements CredentialSource {
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());
        private final CredentialSource delegate = PushFixtures.fixed("alice", "lazy-pw", "test");

        @Override
        public Optional<Credential> find(String registry) throws java.io.IOException {
            asked.add(registry);
            return delegate.find(registry);
        }
    }

    private static RegistryClient client(String host, CredentialSource credentials) throws Exception {
        return new RegistryClient(host, host, new RegistryOptions(RegistryTransport.defaults(), Set.of(host),
                credentials, 2, Duration.ofMillis(10), false));
    }

    private static byte[] download(RegistryClient client) throws Exception {
        try (InputStream in = client.openBlob("r/app", DESCRIPTOR)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aRegistryThatNeverChallengesRunsNoCredentialLookup() throws Exception {
        CountingSource credentials = new CountingSource();
        try (LoopbackHttpServer registry = LoopbackHttpServer.start((index, request) ->
                LoopbackHttpServer.Response.of(200, Map.of(), BLOB))) {
            RegistryClient client = client(registry.host(), credentials);
            assertEquals(List.of(), credentials.asked, "looked up when the client was made");

            assertArrayEquals(BLOB, download(client));
            assertArrayEquals(BLOB, download(client));

            assertEquals(List.of(), credentials.asked, "looked up although the registry never asked");
        }
    }

    @Test
    void theFirstChallengeLooksTheCredentialUpOnce() throws Exception {
        CountingSource credentials = new CountingSource();
        try (LoopbackHttpServer registry = LoopbackHttpServer.start((index, request) ->
                request.header("Authorization") == null
                        ? LoopbackHttpServer.Response.of(401, Map.of("WWW-Authenticate", "Basic realm=\"test\""))
                        : LoopbackHttpServer.Response.of(200, Map.of(), BLOB))) {
            RegistryClient client = client(registry.host(), credentials);

            assertArrayEquals(BLOB, download(client));
            assertArrayEquals(BLOB, download(client));

            assertEquals(List.of(registry.host()), credentials.asked);
            assertEquals(3, registry.requests().size(), registry.requests()::toString);
        }
    }
}
