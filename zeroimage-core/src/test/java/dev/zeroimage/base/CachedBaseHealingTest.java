package dev.zeroimage.base;

import dev.zeroimage.source.CachingBlobSource;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged cached base blob is fetched again, or, when it cannot be, the error names the cache file. */
class CachedBaseHealingTest {
    private static final byte[] LAYER = "pretend this is a gzipped layer".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor DESCRIPTOR = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(LAYER), LAYER.length);
    private static final byte[] CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor CONFIG_DESCRIPTOR = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(CONFIG), CONFIG.length);

    @TempDir
    Path dir;

    @Test
    void anEmptyCachedBlobIsFetchedAgain() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        AtomicInteger fetches = new AtomicInteger();
        CachingBlobSource source = new CachingBlobSource(store, (descriptor, what) -> {
            fetches.incrementAndGet();
            return new ByteArrayInputStream(descriptor.equals(DESCRIPTOR) ? LAYER : CONFIG);
        }, "base example.com/base:1");
        Path blob = source.blob(DESCRIPTOR, "layer");
        assertEquals(1, fetches.get());
        Files.write(blob, new byte[0]); // a power loss before the data reached the disk

        assertEquals(blob, source.blob(DESCRIPTOR, "layer"));
        assertEquals(2, fetches.get());
        assertArrayEquals(LAYER, Files.readAllBytes(blob));
    }

    @Test
    void aDamagedCachedConfigIsFetchedAgain() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        AtomicInteger fetches = new AtomicInteger();
        CachingBlobSource source = new CachingBlobSource(store, (descriptor, what) -> {
            fetches.incrementAndGet();
            return new ByteArrayInputStream(CONFIG);
        }, "base example.com/base:1");
        assertArrayEquals(CONFIG, source.readJson(CONFIG_DESCRIPTOR, "config"));
        byte[] flipped = CONFIG.clone();
        flipped[3] ^= 0x01;
        Files.write(store.path(CONFIG_DESCRIPTOR.digest()), flipped);

        assertArrayEquals(CONFIG, source.readJson(CONFIG_DESCRIPTOR, "config"));
        assertEquals(2, fetches.get());
    }

    @Test
    void offlineADamagedBlobFailsNamingTheCacheFileAndHowToClearIt() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        store.put(new ByteArrayInputStream(LAYER), DESCRIPTOR.digest(), LAYER.length, "layer");
        Files.write(store.path(DESCRIPTOR.digest()), new byte[0]);
        CachingBlobSource offline = new CachingBlobSource(store, (descriptor, what) -> {
            throw new ZeroImageException("The " + what + " is not in the cache and Maven is offline (-o).");
        }, "base example.com/base:1");
        ZeroImageException error = assertThrows(ZeroImageException.class, () -> offline.blob(DESCRIPTOR, "layer"));
        assertTrue(error.getMessage().contains(store.path(DESCRIPTOR.digest()).toString()), error.getMessage());
        assertTrue(error.getMessage().contains("Delete it"), error.getMessage());

        CachingBlobSource archive = new CachingBlobSource(store, null, "archive base.tar");
        ZeroImageException fromArchive = assertThrows(ZeroImageException.class, () -> archive.blob(DESCRIPTOR, "layer"));
        assertTrue(fromArchive.getMessage().contains(store.path(DESCRIPTOR.digest()).toString()), fromArchive.getMessage());
    }

    @Test
    void garbageInATagPointerIsAMiss() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        String reference = "127.0.0.1:9/base/garbled:1";
        store.writeRecord(store.layout().tagPointer(ImageReference.parse(reference)), "garbage");
        ZeroImageException error = assertThrows(ZeroImageException.class,
                () -> BaseFromFixtures.resolver(store, BaseFromFixtures.insecure("127.0.0.1:9", true))
                        .resolve(BaseSpec.of(reference, null, java.util.List.of(), false), BaseFromFixtures.AMD64));
        assertTrue(error.getMessage().contains("offline"), error.getMessage());
        assertFalse(error.getMessage().contains("garbage"), error.getMessage());
    }
}
