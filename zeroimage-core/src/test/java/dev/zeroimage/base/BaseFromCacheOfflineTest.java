package dev.zeroimage.base;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.User;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.ARM64;
import static dev.zeroimage.base.BaseFromFixtures.assertNoOutput;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.buildAndWrite;
import static dev.zeroimage.base.BaseFromFixtures.compile;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.umociUnpack;
import static dev.zeroimage.base.BaseFromFixtures.writeBaseLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A base pulled once resolves offline from the cache; anything not pulled fails saying it is offline. */
@Tag("real")
class BaseFromCacheOfflineTest {
    @TempDir
    Path dir;

    @Test
    void aPulledTagResolvesOfflineWithTheRegistryGone() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        BlobStore store = new BlobStore(dir.resolve("cache"));
        String reference;
        BaseImage online;
        String pinned;
        TestRegistry registry = TestRegistry.plainHttp(dir.resolve("registry"));
        try {
            registry.skopeoCopy("oci:" + layout.dir() + ":1", "base/multi:1");
            reference = registry.host() + "/base/multi:1";
            online = resolver(store, insecure(registry.host(), false)).resolve(BaseSpec.of(reference, null, List.of(), false), AMD64);
            pinned = registry.host() + "/base/multi@" + layout.indexDigest();
        } finally {
            registry.close();
        }

        // The registry is gone: whatever works now works without the network.
        BaseImageResolver offline = resolver(store, insecure(registry.host(), true));
        BaseImage cached = offline.resolve(BaseSpec.of(reference, null, List.of(), false), AMD64);
        assertEquals(online.manifestDigest(), cached.manifestDigest());
        assertEquals(online.layers(), cached.layers());
        assertEquals(reference, cached.name());

        // Pinned by the digest the tag had: the same base, also from the cache.
        BaseImage byDigest = offline.resolve(BaseSpec.of(pinned, null, List.of(), false), AMD64);
        assertEquals(online.layers(), byDigest.layers());
        assertEquals(Digest.parse(layout.indexDigest()), byDigest.manifestDigest());

        // And a whole build works offline.
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello", "-static");
        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, BuildOptions.builder(program).user(new User("nonroot")),
                platform -> offline.resolve(BaseSpec.of(reference, null, List.of(), false), platform), output);
        umociUnpack(output, dir.resolve("umoci"));

        // A tag never pulled.
        ZeroImageException neverPulled = assertThrows(ZeroImageException.class,
                () -> offline.resolve(BaseSpec.of(registry.host() + "/base/multi:2", null, List.of(), false), AMD64));
        assertTrue(neverPulled.getMessage().contains("offline"), neverPulled.getMessage());
        assertTrue(neverPulled.getMessage().contains("base/multi:2"), neverPulled.getMessage());

        // The pulled tag, but a platform whose manifest and layers were never downloaded.
        Path armOutput = dir.resolve("out/arm.tar");
        ZeroImageException otherPlatform = assertThrows(ZeroImageException.class,
                () -> offline.resolve(BaseSpec.of(reference, null, List.of(), false), ARM64));
        assertTrue(otherPlatform.getMessage().contains("offline"), otherPlatform.getMessage());
        assertNoOutput(armOutput);
        assertStoreIsSound(store);
    }
}
