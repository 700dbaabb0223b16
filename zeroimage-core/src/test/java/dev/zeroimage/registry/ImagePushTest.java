package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import dev.zeroimage.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.registry.PushFixtures.JSON;
import static dev.zeroimage.registry.PushFixtures.assertPushed;
import static dev.zeroimage.registry.PushFixtures.blobPuts;
import static dev.zeroimage.registry.PushFixtures.decodedQuery;
import static dev.zeroimage.registry.PushFixtures.insecure;
import static dev.zeroimage.registry.PushFixtures.layerDigests;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pushes built images with {@link ImagePusher} to a real registry (docker-registry) in its three
 * set-ups and checks the result with skopeo and the registry's access log.
 */
@Tag("real")
class ImagePushTest {
    @TempDir
    static Path shared;

    private static Path hello;
    private static Path helloV2;
    private static Path other;
    private static TestRegistry plain;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTools.require("skopeo");
        hello = PushFixtures.compileStatic(shared.resolve("src"), "hello", "hello v1");
        helloV2 = PushFixtures.compileStatic(shared.resolve("src"), "hello2", "hello v2");
        other = PushFixtures.compileStatic(shared.resolve("src"), "other", "another program");
        plain = TestRegistry.plainHttp(shared.resolve("plain"));
    }

    @AfterAll
    static void tearDown() {
        if (plain != null) {
            plain.close();
        }
    }

    private final List<String> messages = new ArrayList<>();

    // ------------------------------------------------------------------ A: the three set-ups

    @Test
    void pushesToAPlainHttpRegistryListedAsInsecureWithExtraTags() throws Exception {
        Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), hello);
        ImageReference target = ImageReference.parse(plain.host() + "/a/plain:1");

        ImagePusher.Result result = new ImagePusher(insecure(plain.host()), messages::add)
                .push(image, target, List.of("2", " latest "), null);

        assertEquals(image.digest(), result.digest());
        assertEquals(List.of(plain.host() + "/a/plain:1", plain.host() + "/a/plain:2",
                plain.host() + "/a/plain:latest"), result.references());
        assertEquals(image.layers().size() + 1, result.uploaded(), "layers and config uploaded");
        for (String tag : List.of("1", "2", "latest")) {
            assertPushed(plain, "a/plain:" + tag, image);
        }
        assertSkopeoCopies(plain, "a/plain:1", image);
    }

    @Test
    void pushesToATlsRegistryTrustedThroughAPemWithBasicAuth() throws Exception {
        try (TestRegistry tls = TestRegistry.tlsWithBasicAuth(dir.resolve("tls"), "alice", "s3cret-tls")) {
            Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), hello);
            ImageReference target = ImageReference.parse(tls.host() + "/b/tls:1");
            RegistryOptions options = PushFixtures.tls(tls, PushFixtures.fixed("alice", "s3cret-tls", "test"));

            ImagePusher.Result result = new ImagePusher(options, messages::add).push(image, target, List.of("x"), null);

            // After the first challenge every request carried the credentials: one 401 in the whole push.
            List<AccessLogEntry> requests = tls.requests();
            assertEquals(1, requests.stream().filter(r -> r.status() == 401).count(), requests::toString);
            assertEquals(401, requests.get(0).status(), requests::toString);
            assertTrue(requests.stream().anyMatch(r -> r.is("PUT", "/v2/b/tls/manifests/1") && r.status() == 201),
                    requests::toString);
            assertEquals(image.digest(), result.digest());
            assertPushed(tls, "b/tls:1", image);
            assertPushed(tls, "b/tls:x", image);
            assertSkopeoCopies(tls, "b/tls:x", image);
        }
    }

    @Test
    void pushesToATokenAuthRegistry() throws Exception {
        try (TestRegistry token = TestRegistry.tokenAuth(dir.resolve("token"), Map.of("pusher", "t0ken-pw"), false)) {
            Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), hello);
            ImageReference target = ImageReference.parse(token.host() + "/c/token:1");
            RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), java.util.Set.of(token.host()),
                    PushFixtures.fixed("pusher", "t0ken-pw", "test"), 3, java.time.Duration.ofMillis(10), false);

            ImagePusher.Result result = new ImagePusher(options, messages::add)
                    .push(image, target, List.of("2"), null);

            assertEquals(image.digest(), result.digest());
            assertPushed(token, "c/token:1", image);
            assertPushed(token, "c/token:2", image);
            assertSkopeoCopies(token, "c/token:2", image);
            TokenServer tokens = token.tokenServer();
            assertTrue(tokens.tokenSubjects().contains("pusher"), tokens.tokenSubjects()::toString);
            assertTrue(tokens.requestedScopes().contains("repository:c/token:pull,push"),
                    tokens.requestedScopes()::toString);
        }
    }

    @Test
    void pushingByDigestOnlyWritesNoTag() throws Exception {
        Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), other);
        ImageReference target = ImageReference.parse(plain.host() + "/a/bydigest@" + image.digest());

        ImagePusher.Result result = new ImagePusher(insecure(plain.host()), messages::add)
                .push(image, target, List.of(), null);

        assertEquals(List.of(plain.host() + "/a/bydigest@" + image.digest()), result.references());
        assertPushed(plain, "a/bydigest@" + image.digest(), image);
        assertTrue(plain.requests().stream().anyMatch(r -> r.is("PUT", "/v2/a/bydigest/manifests/" + image.digest())),
                plain.requests()::toString);
    }

    // ------------------------------------------------------------------ B: only what is missing

    @Test
    void pushingTheSameImageAgainUploadsNothing() throws Exception {
        Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), hello);
        ImageReference target = ImageReference.parse(plain.host() + "/b/again:1");
        ImagePusher pusher = new ImagePusher(insecure(plain.host()), messages::add);
        pusher.push(image, target, List.of(), null);

        plain.clearRequests();
        ImagePusher.Result second = pusher.push(image, target, List.of(), null);

        List<AccessLogEntry> requests = plain.requests();
        assertEquals(0, second.uploaded());
        assertEquals(image.layers().size() + 1, second.skipped());
        assertFalse(requests.stream().anyMatch(r -> r.method().equals("POST")), requests::toString);
        assertEquals(List.of(), blobPuts(requests), requests::toString);
        List<AccessLogEntry> notHead = requests.stream().filter(r -> !r.method().equals("HEAD")).toList();
        assertEquals(List.of(new AccessLogEntry("PUT", "/v2/b/again/manifests/1", 201)), notHead, requests::toString);
        assertEquals(image.layers().size() + 1, requests.size() - 1, "one HEAD per blob: " + requests);
        assertPushed(plain, "b/again:1", image);
    }

    @Test
    void aChangedExecutableUploadsOneLayerAndTheConfig() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path conf = Files.writeString(dir.resolve("app.conf"), "setting=1\n");
        Image first = PushFixtures.buildWithExtraFile(store, hello, conf);
        Image changed = PushFixtures.buildWithExtraFile(store, helloV2, conf);
        assertEquals(2, changed.layers().size());
        assertEquals(first.layers().get(0).descriptor().digest(), changed.layers().get(0).descriptor().digest(),
                "the extra-files layer does not depend on the executable");
        ImageReference target = ImageReference.parse(plain.host() + "/b/changed:1");
        ImagePusher pusher = new ImagePusher(insecure(plain.host()), messages::add);
        pusher.push(first, target, List.of(), null);

        plain.clearRequests();
        ImagePusher.Result result = pusher.push(changed, target, List.of(), null);

        List<AccessLogEntry> requests = plain.requests();
        assertEquals(2, result.uploaded());
        assertEquals(1, result.skipped());
        // Uploads run in parallel (issue 16): which blobs, each once, not their order.
        List<String> uploaded = blobPuts(requests).stream().map(PushFixtures::uploadedDigest).sorted().toList();
        assertEquals(java.util.stream.Stream.of(PushFixtures.last(changed).descriptor().digest().toString(),
                changed.configDescriptor().digest().toString()).sorted().toList(), uploaded, requests::toString);
        assertTrue(blobPuts(requests).stream().allMatch(r -> r.status() == 201), requests::toString);
        assertEquals(2, requests.stream().filter(r -> r.is("POST", "/v2/b/changed/blobs/uploads/")).count(),
                requests::toString);
        assertEquals(1, requests.stream().filter(r -> r.is("PUT", "/v2/b/changed/manifests/1")).count(),
                requests::toString);
        assertPushed(plain, "b/changed:1", changed);
    }

    // ------------------------------------------------------------------ C: cross-repository mount

    @Test
    void baseLayersAreMountedFromTheBaseRepository() throws Exception {
        RegistryOptions options = insecure(plain.host());
        Image base = PushFixtures.build(new BlobStore(dir.resolve("base-cache")), other);
        new ImagePusher(options, messages::add).push(base, ImageReference.parse(plain.host() + "/base/one:1"),
                List.of(), null);

        BlobStore store = new BlobStore(dir.resolve("cache"));
        String from = plain.host() + "/base/one:1";
        BaseImageResolver resolver = new BaseImageResolver(store, options, Compression.DEFAULT,
                PushFixtures.CREATED);
        Image app = PushFixtures.build(store, BuildOptions.builder(hello),
                platform -> resolver.resolve(BaseSpec.of(from, null, List.of(), false), platform));
        assertEquals(2, app.layers().size());
        Digest baseLayer = base.layers().get(0).descriptor().digest();
        assertEquals(baseLayer, app.layers().get(0).descriptor().digest());

        plain.clearRequests();
        ImagePusher.Result result = new ImagePusher(options, messages::add).push(app,
                ImageReference.parse(plain.host() + "/app/two:1"), List.of(), ImageReference.parse(from));

        List<AccessLogEntry> requests = plain.requests();
        assertEquals(1, result.mounted(), requests::toString);
        List<AccessLogEntry> mounts = requests.stream()
                .filter(r -> r.is("POST", "/v2/app/two/blobs/uploads/")
                        && decodedQuery(r).equals("mount=" + baseLayer + "&from=base/one")).toList();
        assertEquals(1, mounts.size(), requests::toString);
        assertEquals(201, mounts.get(0).status(), requests::toString);
        List<String> uploaded = blobPuts(requests).stream().map(PushFixtures::uploadedDigest).toList();
        assertFalse(uploaded.contains(baseLayer.toString()), "the base layer's bytes were uploaded: " + requests);
        assertEquals(java.util.stream.Stream.of(PushFixtures.last(app).descriptor().digest().toString(),
                app.configDescriptor().digest().toString()).sorted().toList(), uploaded.stream().sorted().toList(),
                requests::toString);
        assertPushed(plain, "app/two:1", app);
        assertSkopeoCopies(plain, "app/two:1", app);
    }

    @Test
    void noMountIsTriedFromAnotherRegistryOrTheSameRepository() throws Exception {
        Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), other);
        ImagePusher pusher = new ImagePusher(insecure(plain.host()), messages::add);

        plain.clearRequests();
        ImagePusher.Result foreign = pusher.push(image, ImageReference.parse(plain.host() + "/c/foreign:1"),
                List.of(), ImageReference.parse("elsewhere.example/base/one:1"));
        ImagePusher.Result same = pusher.push(image, ImageReference.parse(plain.host() + "/c/foreign:2"),
                List.of(), ImageReference.parse(plain.host() + "/c/foreign:1"));

        assertEquals(0, foreign.mounted());
        assertEquals(0, same.mounted());
        assertFalse(plain.requests().stream().anyMatch(r -> r.path().contains("mount=")), plain.requests()::toString);
    }

    // ---------------------------------------------------------------------------------------------

    /** {@code skopeo copy docker://… oci:DIR} succeeds and keeps the manifest (same digest). */
    private void assertSkopeoCopies(TestRegistry registry, String repoAndTag, Image image) throws Exception {
        Path layout = dir.resolve("copy-" + repoAndTag.replaceAll("[^a-z0-9]", "_"));
        List<String> args = new ArrayList<>(List.of("copy"));
        args.addAll(registry.skopeoTlsArgs("src"));
        args.add(registry.reference(repoAndTag));
        args.add("oci:" + layout + ":copied");
        ExternalTools.ProcessResult copy = registry.skopeo(args);
        assertEquals(0, copy.exitCode(), copy::output);
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertEquals(image.digest().toString(), index.path("manifests").path(0).path("digest").asText(), index::toString);
        for (String layer : layerDigests(image)) {
            assertTrue(Files.isRegularFile(layout.resolve("blobs/sha256/" + layer.substring("sha256:".length()))),
                    layer + " missing in the copy");
        }
    }

    @Test
    void distinctBuildsHaveDistinctDigests() throws Exception {
        // Guards the other tests: they would prove nothing if both executables gave the same image.
        BlobStore store = new BlobStore(dir.resolve("cache"));
        assertNotEquals(PushFixtures.build(store, hello).digest(), PushFixtures.build(store, helloV2).digest());
    }
}
