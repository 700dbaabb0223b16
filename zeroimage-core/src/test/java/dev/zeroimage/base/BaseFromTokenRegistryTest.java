package dev.zeroimage.base;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Layer;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.TestRegistry;
import dev.zeroimage.testing.TokenServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.sha256;
import static dev.zeroimage.base.BaseFromFixtures.writeBaseLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pulling a base anonymously from a registry with token authentication that allows anonymous pulls. */
@Tag("real")
class BaseFromTokenRegistryTest {
    @TempDir
    Path dir;

    @Test
    void anonymousPullGetsATokenForThePullScope() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        TestRegistry registry = TestRegistry.tokenAuth(dir.resolve("registry"), Map.of("alice", "secret"), true);
        try {
            registry.skopeoCopy("oci:" + layout.dir() + ":1", "base/multi:1");
            TokenServer tokens = registry.tokenServer();
            tokens.reset();
            registry.clearRequests();

            BlobStore store = new BlobStore(dir.resolve("cache"));
            BaseImage base = resolver(store, insecure(registry.host(), false))
                    .resolve(BaseSpec.of(registry.host() + "/base/multi:1", null, List.of(), false), AMD64);

            assertEquals(layout.indexDigest(), base.manifestDigest().toString());
            assertEquals(layout.image(AMD64).layerDigests(),
                    base.layers().stream().map(layer -> layer.descriptor().digest().toString()).toList());
            for (Layer layer : base.layers()) {
                assertEquals(layer.descriptor().digest().toString(), sha256(layer.blob()));
            }
            assertTrue(tokens.issuedTokens() > 0, "no token was issued");
            assertTrue(tokens.requestedScopes().contains("repository:base/multi:pull"),
                    "requested scopes: " + tokens.requestedScopes());
            assertTrue(tokens.tokenSubjects().stream().allMatch(String::isEmpty),
                    "the pull must be anonymous: " + tokens.tokenSubjects());
            // One token is enough for the whole pull (it is cached for its scope).
            assertEquals(1, tokens.issuedTokens(), "tokens issued: " + tokens.issuedTokens());
            List<AccessLogEntry> requests = registry.requests();
            assertTrue(requests.stream().anyMatch(r -> r.status() == 401), "the registry challenged: " + requests);
            assertTrue(requests.stream().filter(r -> r.path().contains("/blobs/"))
                    .allMatch(r -> r.status() == 200), "blob downloads: " + requests);
            assertStoreIsSound(store);
        } finally {
            registry.close();
        }
    }
}
