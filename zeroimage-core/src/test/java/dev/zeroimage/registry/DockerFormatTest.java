package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** format=docker: Docker v2 schema 2 media types, accepted by a registry and read back by skopeo. */
@Tag("real")
class DockerFormatTest {

    @Test
    void aDockerFormatImagePushesAndReadsBackWithDockerMediaTypes(@TempDir Path dir) throws Exception {
        ExternalTools.require("docker-registry");
        ExternalTools.require("skopeo");
        Path program = PushFixtures.compileStatic(dir, "app", "docker format");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Image image = PushFixtures.build(store, BuildOptions.builder(program).format(ImageFormat.DOCKER),
                platform -> BaseImage.scratch());
        assertEquals(MediaType.DOCKER_MANIFEST, image.manifestDescriptor().mediaType());

        try (TestRegistry registry = TestRegistry.plainHttp(dir.resolve("registry"))) {
            new ImagePusher(PushFixtures.insecure(registry.host()), message -> { })
                    .push(image, ImageReference.parse(registry.host() + "/docker/app:1"), List.of(), null);
            String raw = registry.skopeoInspectRaw("docker/app:1");
            JsonNode manifest = PushFixtures.JSON.readTree(raw);
            assertEquals(MediaType.DOCKER_MANIFEST, manifest.get("mediaType").asText());
            assertEquals(MediaType.DOCKER_CONFIG, manifest.get("config").get("mediaType").asText());
            assertEquals(MediaType.DOCKER_LAYER_GZIP, manifest.get("layers").get(0).get("mediaType").asText());
            assertTrue(!manifest.has("annotations"), "schema 2 manifests carry no annotations");
            PushFixtures.assertPushed(registry, "docker/app:1", image);
        }

        // The archive, read as a docker-archive: skopeo checks the layer digests and diff_ids on copy.
        Path tar = dir.resolve("app.tar");
        new OciArchiveWriter(PushFixtures.CREATED).write(image, ImageReference.parse("app:1"), tar);
        ExternalTools.ProcessResult copy = ExternalTools.run(Duration.ofSeconds(60), List.of("skopeo",
                "--insecure-policy", "copy", "docker-archive:" + tar, "dir:" + dir.resolve("copied")));
        assertEquals(0, copy.exitCode(), copy.output());
    }

    @Test
    void zstdLayersCannotBeWrittenInTheDockerFormat(@TempDir Path dir) throws Exception {
        Path program = PushFixtures.compileStatic(dir, "app", "zstd");
        BlobStore store = new BlobStore(dir.resolve("cache"));
        ZeroImageException error = assertThrows(ZeroImageException.class, () -> PushFixtures.build(store,
                BuildOptions.builder(program).format(ImageFormat.DOCKER).compression(Compression.of("zstd", null)),
                platform -> BaseImage.scratch()));
        assertTrue(error.getMessage().contains("docker format"), error.getMessage());
    }
}
