package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.cache.DamagedBlobException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A layer file is hashed while it is uploaded, not read twice (issue 16): a damaged cache file still
 * fails the push naming itself (and is removed), the registry never stores a blob under the layer's
 * digest nor gets a tag; a sound one arrives byte for byte.
 */
class DamagedCachePushTest {
    private static final int SIZE = 3 * FileRangePublisher.BUFFER_SIZE + 777;

    @TempDir
    Path dir;

    /** Stores only what hashes to the digest named in the PUT, as a registry does. */
    private static final class MemoryRegistry implements LoopbackHttpServer.Handler {
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        volatile boolean manifestPut;

        @Override
        public LoopbackHttpServer.Response handle(int index, LoopbackHttpServer.Request request) {
            String target = request.target();
            String method = request.method();
            if (target.equals("/v2/")) {
                return LoopbackHttpServer.Response.of(200, Map.of());
            }
            if (method.equals("HEAD") && target.contains("/blobs/sha256:")) {
                return LoopbackHttpServer.Response.of(
                        blobs.containsKey(target.substring(target.lastIndexOf('/') + 1)) ? 200 : 404, Map.of());
            }
            if (method.equals("POST") && target.endsWith("/blobs/uploads/")) {
                return LoopbackHttpServer.Response.of(202, Map.of("Location", "/v2/app/blobs/uploads/u" + index));
            }
            if (method.equals("PUT") && target.contains("/blobs/uploads/")) {
                String digest = java.net.URLDecoder.decode(target.substring(target.indexOf("digest=") + 7),
                        StandardCharsets.UTF_8);
                if (!Digest.sha256(request.body()).toString().equals(digest)) {
                    return LoopbackHttpServer.Response.of(400, Map.of());
                }
                blobs.put(digest, request.body());
                return LoopbackHttpServer.Response.of(201, Map.of("Docker-Content-Digest", digest));
            }
            if (method.equals("PUT") && target.contains("/manifests/")) {
                manifestPut = true;
                return LoopbackHttpServer.Response.of(201, Map.of("Docker-Content-Digest",
                        Digest.sha256(request.body()).toString()));
            }
            return LoopbackHttpServer.Response.of(404, Map.of());
        }
    }

    @Test
    void aDamagedLayerFileFailsThePushNamingItselfAndNothingIsTagged() throws Exception {
        byte[] content = content();
        Layer layer = layer(content);
        byte[] damaged = content.clone();
        damaged[SIZE - 10] ^= 0x40; // in the last buffer: only the end of the read can tell
        Files.write(layer.blob(), damaged);
        MemoryRegistry registry = new MemoryRegistry();

        try (LoopbackHttpServer server = LoopbackHttpServer.start(registry)) {
            DamagedBlobException e = assertThrows(DamagedBlobException.class, () -> push(server, image(layer)));

            assertTrue(e.getMessage().contains(layer.blob().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
            assertEquals(layer.blob(), e.file());
            assertFalse(Files.exists(layer.blob()), "the damaged file is removed, so the next build rebuilds it");
            assertFalse(registry.blobs.containsKey(layer.descriptor().digest().toString()));
            assertFalse(registry.manifestPut, "no tag names a half-pushed image");
            long layerPuts = server.requests().stream().filter(r -> r.method().equals("PUT")
                    && r.target().contains(layer.descriptor().digest().hex())).count();
            // The body is cut short, so the server may not even count the one attempt; never a second.
            assertTrue(layerPuts <= 1, "a damaged file is not retried: " + layerPuts + " PUTs");
        }
    }

    @Test
    void aLayerFileOfTheWrongSizeFailsNamingItself() throws Exception {
        byte[] content = content();
        Layer layer = layer(content);
        Files.write(layer.blob(), java.util.Arrays.copyOf(content, SIZE - 1));
        MemoryRegistry registry = new MemoryRegistry();

        try (LoopbackHttpServer server = LoopbackHttpServer.start(registry)) {
            DamagedBlobException e = assertThrows(DamagedBlobException.class, () -> push(server, image(layer)));

            assertTrue(e.getMessage().contains(layer.blob().toString()), e.getMessage());
            assertFalse(registry.manifestPut);
        }
    }

    @Test
    void aSoundLayerArrivesByteForByte() throws Exception {
        byte[] content = content();
        Layer layer = layer(content);
        MemoryRegistry registry = new MemoryRegistry();

        try (LoopbackHttpServer server = LoopbackHttpServer.start(registry)) {
            ImagePusher.Result result = push(server, image(layer));

            assertEquals(2, result.uploaded());
            assertArrayEquals(content, registry.blobs.get(layer.descriptor().digest().toString()));
            assertTrue(registry.manifestPut);
        }
    }

    private ImagePusher.Result push(LoopbackHttpServer server, Image image) throws Exception {
        RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(server.host()),
                CredentialSource.ANONYMOUS, 3, Duration.ofMillis(10), false);
        return new ImagePusher(options, message -> { })
                .push(image, ImageReference.parse(server.host() + "/app:1"), List.of(), null);
    }

    private static Image image(Layer layer) {
        ImageConfig config = new ImageConfig();
        config.architecture = "amd64";
        config.os = "linux";
        return Image.assemble(config, List.of(layer), Map.of(), ImageFormat.OCI);
    }

    private static byte[] content() {
        byte[] content = new byte[SIZE];
        for (int i = 0; i < SIZE; i++) {
            content[i] = (byte) (i * 13 + (i >> 11));
        }
        return content;
    }

    private Layer layer(byte[] content) throws Exception {
        Digest digest = Digest.sha256(content);
        Path file = Files.createDirectories(dir.resolve("blobs/sha256")).resolve(digest.hex());
        Files.write(file, content);
        return new Layer(new Descriptor(MediaType.OCI_LAYER_GZIP, digest, content.length), digest, file);
    }
}
