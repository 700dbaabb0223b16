package dev.zeroimage.registry;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registry (or the proxy in front of it) that refuses large request bodies with 413 gets the blob in
 * chunks: PATCH with Content-Range, then PUT with the digest. The real registry assembles the chunks.
 */
@Tag("real")
class ChunkedUploadTest {
    private static final int BODY_LIMIT = 1024 * 1024;

    /** A static program with 3 MB of incompressible data, so its layer needs several 1 MiB chunks. */
    private static Image largeImage(Path dir) throws Exception {
        Path program = PushFixtures.compileStatic(dir, "app", "chunked");
        Path data = dir.resolve("data.bin");
        byte[] bytes = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(data, bytes);
        return PushFixtures.buildWithExtraFile(new BlobStore(dir.resolve("cache")), program, data);
    }

    @Test
    void aRegistryThatRefusesLargeBodiesGetsTheBlobInChunks(@TempDir Path dir) throws Exception {
        ExternalTools.require("docker-registry");
        Image image = largeImage(dir);
        try (TestRegistry registry = TestRegistry.plainHttp(dir.resolve("registry"));
             LoopbackHttpServer limit = LoopbackHttpServer.forwarder(registry.port(), (index, request) ->
                     request.body().length > BODY_LIMIT ? LoopbackHttpServer.Response.of(413, Map.of())
                             : LoopbackHttpServer.Response.FORWARD)) {
            new ImagePusher(PushFixtures.insecure(limit.host()), message -> { })
                    .push(image, ImageReference.parse(limit.host() + "/chunked/app:1"), List.of(), null);

            PushFixtures.assertPushed(registry, "chunked/app:1", image);
            List<LoopbackHttpServer.Request> patches = limit.requests().stream()
                    .filter(request -> request.method().equals("PATCH")).toList();
            assertTrue(patches.stream().anyMatch(patch -> patch.body().length == BODY_LIMIT),
                    "chunks were halved down to the limit");
            assertTrue(patches.stream().allMatch(patch -> patch.header("content-range") != null),
                    "every chunk says where it goes");
            long accepted = limit.exchanges().stream()
                    .filter(exchange -> exchange.request().method().equals("PATCH") && exchange.outcome() != 413)
                    .mapToLong(exchange -> exchange.request().body().length).sum();
            long largest = image.layers().stream().mapToLong(layer -> layer.descriptor().size()).max().orElseThrow();
            assertEquals(largest, accepted, "the accepted chunks add up to the large layer");
        }
    }

    @Test
    void aLimitBelowTheSmallestChunkFailsClearly(@TempDir Path dir) throws Exception {
        ExternalTools.require("docker-registry");
        Image image = largeImage(dir);
        try (TestRegistry registry = TestRegistry.plainHttp(dir.resolve("registry"));
             LoopbackHttpServer limit = LoopbackHttpServer.forwarder(registry.port(), (index, request) ->
                     request.body().length > 1000 ? LoopbackHttpServer.Response.of(413, Map.of())
                             : LoopbackHttpServer.Response.FORWARD)) {
            var error = assertThrows(dev.zeroimage.ZeroImageException.class, () ->
                    new ImagePusher(PushFixtures.insecure(limit.host()), message -> { })
                            .push(image, ImageReference.parse(limit.host() + "/chunked/app:1"), List.of(), null));
            assertTrue(error.getMessage().contains("413"), error.getMessage());
            assertTrue(error.getMessage().contains("body size limit"), error.getMessage());
        }
    }
}
