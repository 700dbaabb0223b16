package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.index.IndexMerger;
import dev.zeroimage.index.IndexSource;
import dev.zeroimage.index.IndexSources;
import dev.zeroimage.index.SourcedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The {@code index} goal's cost (issue 16) against an in-memory registry on loopback that counts every
 * request: merging two images that are already in the target repository reads each manifest and
 * config once, never a layer, asks about no blob, puts only the index, and pays the HTTPS attempt of
 * an insecure plain-HTTP registry once for all its clients (the sources' and the push's).
 */
class IndexPushRequestsTest {
    @TempDir
    Path dir;

    /** Two single-platform images in {@code acme/app} (tags amd64, arm64); stores what is put. */
    private static final class Registry implements LoopbackHttpServer.Handler {
        final Map<String, byte[]> manifests = new ConcurrentHashMap<>();
        final Map<String, byte[]> blobs = new ConcurrentHashMap<>();

        Registry() {
            for (String arch : List.of("amd64", "arm64")) {
                byte[] layer = ("layer of " + arch).getBytes(StandardCharsets.UTF_8);
                byte[] config = ("{\"architecture\":\"" + arch + "\",\"os\":\"linux\",\"config\":{},"
                        + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.sha256(layer) + "\"]}}")
                        .getBytes(StandardCharsets.UTF_8);
                byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                        + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                        + Digest.sha256(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                        + "\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"" + Digest.sha256(layer)
                        + "\",\"size\":" + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
                blobs.put(Digest.sha256(layer).toString(), layer);
                blobs.put(Digest.sha256(config).toString(), config);
                manifests.put(arch, manifest);
                manifests.put(Digest.sha256(manifest).toString(), manifest);
            }
        }

        @Override
        public LoopbackHttpServer.Response handle(int index, LoopbackHttpServer.Request request) {
            String target = request.target();
            if (target.equals("/v2/")) {
                return LoopbackHttpServer.Response.of(200, Map.of());
            }
            String name = target.substring(target.lastIndexOf('/') + 1);
            if (target.startsWith("/v2/acme/app/manifests/")) {
                if (request.method().equals("PUT")) {
                    manifests.put(name, request.body());
                    return LoopbackHttpServer.Response.of(201,
                            Map.of("Docker-Content-Digest", Digest.sha256(request.body()).toString()));
                }
                byte[] manifest = manifests.get(name);
                return manifest == null ? LoopbackHttpServer.Response.of(404, Map.of())
                        : LoopbackHttpServer.Response.of(200, Map.of("Content-Type",
                        "application/vnd.oci.image.manifest.v1+json", "Docker-Content-Digest",
                        Digest.sha256(manifest).toString()), request.method().equals("HEAD") ? new byte[0] : manifest);
            }
            if (target.startsWith("/v2/acme/app/blobs/sha256:") && blobs.containsKey(name)) {
                return LoopbackHttpServer.Response.of(200, Map.of(),
                        request.method().equals("HEAD") ? new byte[0] : blobs.get(name));
            }
            return LoopbackHttpServer.Response.of(404, Map.of());
        }
    }

    private static RegistryOptions insecure(String host) {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(host), CredentialSource.ANONYMOUS, 1,
                Duration.ofMillis(1), false);
    }

    @Test
    void sourcesInTheTargetRepositoryCostTheirManifestsAndConfigsAndOneIndexPut() throws Exception {
        Registry handler = new Registry();
        try (LoopbackHttpServer server = LoopbackHttpServer.start(handler)) {
            RegistryOptions options = insecure(server.host()); // one transport, as one goal execution has
            List<IndexSource> sources = List.of(IndexSource.parse(server.host() + "/acme/app:amd64", dir),
                    IndexSource.parse(server.host() + "/acme/app:arm64", dir));
            List<SourcedImage> read = new IndexSources(new BlobStore(dir.resolve("cache")), reference -> options,
                    message -> { }).read(sources, false);
            MultiPlatformImage index = IndexMerger.merge(read, Map.of(), ImageFormat.OCI);
            ImagePusher.Result result = new ImagePusher(options, message -> { }).push(index,
                    ImageReference.parse(server.host() + "/acme/app:1"), List.of(), IndexMerger.origins(read));

            List<String> requests = server.requests().stream().map(r -> r.method() + " " + r.target()).toList();
            String config0 = read.get(0).image().configDescriptor().digest().toString();
            String config1 = read.get(1).image().configDescriptor().digest().toString();
            assertEquals(List.of("GET /v2/acme/app/manifests/amd64", "GET /v2/acme/app/blobs/" + config0,
                    "GET /v2/acme/app/manifests/arm64", "GET /v2/acme/app/blobs/" + config1,
                    "PUT /v2/acme/app/manifests/1"), requests, "no layer read, no blob asked about or sent");
            assertEquals(1, server.tlsProbes(), "one HTTPS attempt for the three clients of one transport");
            assertEquals(0, result.uploaded());
            assertEquals(0, result.mounted());
            assertEquals(4, result.skipped(), "two layers and two configs, already there");
            assertEquals(index.digest(), result.digest());
            assertArrayEquals(index.indexJson(), handler.manifests.get("1"), "the index as merged");
        }
    }

    @Test
    void anotherTransportProbesAgainAndImagesFromElsewhereAreStillChecked() throws Exception {
        Registry handler = new Registry();
        try (LoopbackHttpServer server = LoopbackHttpServer.start(handler)) {
            List<IndexSource> sources = List.of(IndexSource.parse(server.host() + "/acme/app:amd64", dir),
                    IndexSource.parse(server.host() + "/acme/app:arm64", dir));
            // Each source with its own transport, as before: each pays its own HTTPS attempt.
            List<SourcedImage> read = new IndexSources(new BlobStore(dir.resolve("cache")),
                    reference -> insecure(server.host()), message -> { }).read(sources, false);
            assertEquals(2, server.tlsProbes());
            // Images that come from another repository (here: the same bytes, but not known to be stored in
            // the target) are still asked about, blob by blob, and their manifests put by digest.
            List<ImagePusher.Origin> elsewhere = read.stream()
                    .map(image -> new ImagePusher.Origin(null, image.origin().fetcher())).toList();
            MultiPlatformImage index = IndexMerger.merge(read, Map.of(), ImageFormat.OCI);
            ImagePusher.Result result = new ImagePusher(insecure(server.host()), message -> { }).push(index,
                    ImageReference.parse(server.host() + "/acme/app:1"), List.of(), elsewhere);
            List<String> requests = server.requests().stream().map(r -> r.method() + " " + r.target()).toList();
            assertEquals(4, requests.stream().filter(r -> r.startsWith("HEAD /v2/acme/app/blobs/")).count(), requests::toString);
            assertEquals(3, requests.stream().filter(r -> r.startsWith("PUT /v2/acme/app/manifests/")).count(), requests::toString);
            assertEquals(4, result.skipped());
            assertEquals(0, result.uploaded());
        }
    }
}
