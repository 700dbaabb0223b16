package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parallel blob push (issue 16) against an in-memory registry on loopback: several uploads are in
 * flight at once, each missing blob is sent exactly once (however often the image lists it), what the
 * registry has is only asked about, and the manifest is put after every blob arrived.
 */
class ParallelPushTest {
    @TempDir
    Path dir;

    /** A registry that keeps blobs in memory and holds each upload until a second one is in flight. */
    private static final class MemoryRegistry implements LoopbackHttpServer.Handler {
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        final CountDownLatch twoUploadsInFlight = new CountDownLatch(2);
        final AtomicInteger uploads = new AtomicInteger();
        volatile boolean overlapped;
        volatile int lastBlobPut = -1;
        volatile int manifestPut = -1;

        @Override
        public LoopbackHttpServer.Response handle(int index, LoopbackHttpServer.Request request) throws java.io.IOException {
            String target = request.target();
            String method = request.method();
            if (target.equals("/v2/")) {
                return LoopbackHttpServer.Response.of(200, Map.of());
            }
            if (method.equals("HEAD") && target.contains("/blobs/sha256:")) {
                String digest = target.substring(target.lastIndexOf('/') + 1);
                return LoopbackHttpServer.Response.of(blobs.containsKey(digest) ? 200 : 404, Map.of());
            }
            if (method.equals("POST") && target.endsWith("/blobs/uploads/")) {
                return LoopbackHttpServer.Response.of(202, Map.of("Location", "/v2/app/blobs/uploads/u" + index + "?s=1"));
            }
            if (method.equals("PUT") && target.contains("/blobs/uploads/")) {
                String digest = java.net.URLDecoder.decode(target.substring(target.indexOf("digest=") + 7),
                        StandardCharsets.UTF_8);
                if (!Digest.sha256(request.body()).toString().equals(digest)) {
                    return LoopbackHttpServer.Response.of(400, Map.of());
                }
                if (request.body().length > 1000) { // the layers, not the config
                    uploads.incrementAndGet();
                    twoUploadsInFlight.countDown();
                    try {
                        overlapped |= twoUploadsInFlight.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                blobs.put(digest, request.body());
                synchronized (this) {
                    lastBlobPut = Math.max(lastBlobPut, index);
                }
                return LoopbackHttpServer.Response.of(201, Map.of("Docker-Content-Digest", digest));
            }
            if (method.equals("PUT") && target.contains("/manifests/")) {
                manifestPut = index;
                return LoopbackHttpServer.Response.of(201, Map.of("Docker-Content-Digest",
                        Digest.sha256(request.body()).toString()));
            }
            return LoopbackHttpServer.Response.of(404, Map.of());
        }
    }

    @Test
    void uploadsAtOnceEachBlobOnceAndTheManifestLast() throws Exception {
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            layers.add(layer("layer " + i, 20_000 + i));
        }
        layers.add(layers.get(1)); // listed twice: sent once
        MemoryRegistry registry = new MemoryRegistry();
        byte[] present = Files.readAllBytes(layers.get(3).blob());
        registry.blobs.put(layers.get(3).descriptor().digest().toString(), present); // already there: not sent

        ImageConfig config = new ImageConfig();
        config.architecture = "amd64";
        config.os = "linux";
        Image image = Image.assemble(config, layers, Map.of(), ImageFormat.OCI);
        try (LoopbackHttpServer server = LoopbackHttpServer.start(registry)) {
            RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(server.host()),
                    CredentialSource.ANONYMOUS, 3, Duration.ofMillis(10), false);
            ImagePusher.Result result = new ImagePusher(options, message -> { })
                    .push(image, ImageReference.parse(server.host() + "/app:1"), List.of(), null);

            assertEquals(4, result.uploaded(), "three layers and the config");
            assertEquals(1, result.skipped());
            assertTrue(registry.overlapped, "two layer uploads were in flight at the same time");
            assertEquals(3, registry.uploads.get(), "each missing layer once, the duplicate and the present one not");
            for (int i = 0; i < 3; i++) {
                assertTrue(registry.blobs.containsKey(layers.get(i).descriptor().digest().toString()));
            }
            assertTrue(registry.blobs.containsKey(image.configDescriptor().digest().toString()));
            assertTrue(registry.manifestPut > registry.lastBlobPut, "the manifest comes after every blob");
            long blobPuts = server.requests().stream()
                    .filter(r -> r.method().equals("PUT") && r.target().contains("/blobs/uploads/")).count();
            assertEquals(4, blobPuts);
        }
    }

    private Layer layer(String name, int size) throws Exception {
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (name.hashCode() * 31 + i * 7);
        }
        Path file = dir.resolve(name.replace(' ', '-'));
        Files.write(file, content);
        Digest digest = Digest.sha256(content);
        return new Layer(new Descriptor(MediaType.OCI_LAYER_GZIP, digest, size), digest, file);
    }
}
