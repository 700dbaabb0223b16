package dev.zeroimage.index;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.NativeCompiler;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.PushFixtures;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.registry.PushFixtures.JSON;
import static dev.zeroimage.registry.PushFixtures.insecure;
import static dev.zeroimage.registry.PushFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The index goal's registry path against docker-registry: two single-platform images pushed by
 * their "runners" to the target repository, merged by reference and pushed as an index. The access
 * log shows no blob upload at all; from another repository the blobs are mounted; from another
 * registry they are copied through the cache.
 */
@Tag("real")
class IndexFromRegistryTest {
    @TempDir
    static Path shared;
    private static TestRegistry registry;
    private static TestRegistry elsewhere;
    private static Image amd64;
    private static Image arm64;

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTools.require("aarch64-linux-gnu-gcc");
        Path amd64Program = NativeCompiler.compileText("gcc", shared.resolve("amd64"),
                "#include <stdio.h>\nint main(void) { puts(\"amd64\"); return 0; }\n", "app", "-static", "-O2");
        Path arm64Program = NativeCompiler.compileText("aarch64-linux-gnu-gcc", shared.resolve("arm64"),
                "#include <stdio.h>\nint main(void) { puts(\"arm64\"); return 0; }\n", "app", "-static", "-O2");
        // Each "runner" has its own cache.
        amd64 = PushFixtures.build(new BlobStore(shared.resolve("runner-amd64")), BuildOptions.builder(amd64Program),
                platform -> BaseImage.scratch());
        arm64 = PushFixtures.build(new BlobStore(shared.resolve("runner-arm64")), BuildOptions.builder(arm64Program),
                platform -> BaseImage.scratch());
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
        elsewhere = TestRegistry.plainHttp(shared.resolve("elsewhere"));
        ImagePusher pusher = new ImagePusher(insecure(registry.host(), elsewhere.host()), message -> { });
        for (TestRegistry where : List.of(registry, elsewhere)) {
            pusher.push(amd64, ImageReference.parse(where.host() + "/acme/app:1.0-amd64"), List.of(), null);
            pusher.push(arm64, ImageReference.parse(where.host() + "/acme/app:1.0-arm64"), List.of(), null);
        }
    }

    @AfterAll
    static void tearDown() {
        for (TestRegistry r : new TestRegistry[] {registry, elsewhere}) {
            if (r != null) {
                r.close();
            }
        }
    }

    @TempDir
    Path dir;

    private ImagePusher.Result mergeAndPush(TestRegistry from, String target) throws Exception {
        List<IndexSource> sources = List.of(IndexSource.parse(from.host() + "/acme/app:1.0-amd64", dir),
                IndexSource.parse(from.host() + "/acme/app:1.0-arm64", dir));
        assertTrue(IndexMerger.allFromRegistries(sources));
        List<SourcedImage> read = new IndexSources(new BlobStore(dir.resolve("merge-cache")),
                reference -> insecure(registry.host(), elsewhere.host()), message -> { }).read(sources, false);
        MultiPlatformImage index = IndexMerger.merge(read, Map.of(), ImageFormat.OCI);
        assertEquals(List.of(amd64.digest(), arm64.digest()), index.images().stream().map(Image::digest).toList(),
                "the runners' manifests, unchanged");
        ImagePusher.Result result = new ImagePusher(insecure(registry.host(), elsewhere.host()), message -> { })
                .push(index, ImageReference.parse(registry.host() + "/" + target), List.of(),
                        IndexMerger.origins(read));
        assertEquals(index.digest(), result.digest());
        assertEquals(index.digest(), sha256(registry.skopeoInspectRaw(target)));
        return result;
    }

    private static List<AccessLogEntry> blobWrites(List<AccessLogEntry> requests) {
        return requests.stream().filter(r -> r.path().contains("/blobs/")
                && (r.method().equals("PUT") || r.method().equals("POST") || r.method().equals("PATCH"))).toList();
    }

    @Test
    void sourcesInTheTargetRepositorySendNoBlobAtAll() throws Exception {
        registry.clearRequests();
        ImagePusher.Result result = mergeAndPush(registry, "acme/app:1.0");
        List<AccessLogEntry> requests = registry.requests();
        assertEquals(List.of(), blobWrites(requests), requests::toString);
        assertEquals(0, result.uploaded());
        assertEquals(0, result.mounted());
        assertEquals(4, result.skipped());
        assertTrue(requests.stream().noneMatch(r -> r.method().equals("GET") && r.path().contains("/blobs/")
                && !r.path().contains("/blobs/uploads/") && isLayerGet(r)), "no layer downloaded: " + requests);
        // Issue 16: the images are in the target repository whole, so nothing about them is asked or put
        // again; what remains is each manifest and config read once and the index put.
        assertEquals(List.of(), requests.stream().filter(r -> r.method().equals("HEAD")).toList(), requests::toString);
        assertEquals(List.of("/v2/acme/app/manifests/1.0"), requests.stream().filter(r -> r.method().equals("PUT"))
                .map(AccessLogEntry::path).toList(), requests::toString);
        JsonNode index = JSON.readTree(registry.skopeoInspectRaw("acme/app:1.0"));
        assertEquals("arm64", index.path("manifests").get(1).path("platform").path("architecture").asText());
    }

    private static boolean isLayerGet(AccessLogEntry entry) {
        return amd64.layers().stream().anyMatch(l -> entry.path().endsWith(l.descriptor().digest().toString()))
                || arm64.layers().stream().anyMatch(l -> entry.path().endsWith(l.descriptor().digest().toString()));
    }

    @Test
    void anotherRepositoryOfTheRegistryGetsTheBlobsMounted() throws Exception {
        registry.clearRequests();
        ImagePusher.Result result = mergeAndPush(registry, "acme/app-multi:1.0");
        assertEquals(0, result.uploaded());
        assertEquals(4, result.mounted(), "both layers and both configs mounted");
        assertEquals(List.of(), PushFixtures.blobPuts(registry.requests()));
    }

    @Test
    void fromAnotherRegistryTheBlobsAreCopied() throws Exception {
        ImagePusher.Result result = mergeAndPush(elsewhere, "acme/copied:1.0");
        assertEquals(4, result.uploaded(), "two layers and two configs copied over");
    }
}
