package dev.zeroimage.base;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.User;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.ARM64;
import static dev.zeroimage.base.BaseFromFixtures.JSON;
import static dev.zeroimage.base.BaseFromFixtures.assertNoOutput;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.buildAndWrite;
import static dev.zeroimage.base.BaseFromFixtures.compile;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.sha256;
import static dev.zeroimage.base.BaseFromFixtures.skopeoConfig;
import static dev.zeroimage.base.BaseFromFixtures.skopeoManifest;
import static dev.zeroimage.base.BaseFromFixtures.strings;
import static dev.zeroimage.base.BaseFromFixtures.umociUnpack;
import static dev.zeroimage.base.BaseFromFixtures.writeBaseLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A two-platform base image pushed to a real registry (docker-registry) with skopeo, pulled through
 * {@link BaseImageResolver} and built on; the results are checked with umoci and skopeo.
 */
@Tag("real")
class BaseFromRegistryTest {
    private static final String REPOSITORY = "base/multi";

    @TempDir
    static Path shared;

    private static TestRegistry registry;
    private static BaseFromFixtures.BaseLayout layout;
    /** The index as the registry serves it for base/multi:1. */
    private static String indexDigest;

    @TempDir
    Path dir;

    @BeforeAll
    static void pushBase() throws Exception {
        // Nested as skopeo writes it (index.json -> index -> manifests): skopeo cannot copy "--all" out
        // of a layout whose index.json lists several manifests directly.
        layout = writeBaseLayout(shared.resolve("base-layout"), "1", true);
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
        registry.skopeoCopy("oci:" + layout.dir() + ":1", REPOSITORY + ":1");
        indexDigest = sha256(registry.skopeoInspectRaw(REPOSITORY + ":1").getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stopRegistry() {
        if (registry != null) {
            registry.close();
        }
    }

    private String reference() {
        return registry.host() + "/" + REPOSITORY + ":1";
    }

    @Test
    void skopeoKeptTheIndexWithBothPlatforms() throws Exception {
        JsonNode index = JSON.readTree(registry.skopeoInspectRaw(REPOSITORY + ":1"));
        assertEquals(BaseFromFixtures.OCI_INDEX, index.path("mediaType").asText(), index.toString());
        assertEquals(2, index.path("manifests").size(), index.toString());
        assertEquals(layout.indexDigest(), indexDigest, "skopeo changed the index while pushing");
    }

    @Test
    void amd64PicksItsManifestAndBuildsAValidImage() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure(registry.host(), false));

        BaseImage base = resolver.resolve(BaseSpec.of(reference(), null, List.of(), false), AMD64);
        assertPicked(base, AMD64);

        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello", "-static", "-O2");
        Path output = dir.resolve("out/app-amd64.tar");
        buildAndWrite(store, options(program), platform -> resolver.resolve(BaseSpec.of(reference(), null, List.of(), false), platform), output);
        verifyImage(output, AMD64, null, "/hello");
        assertStoreIsSound(store);
    }

    @Test
    void arm64WithoutVariantPicksTheV8ManifestAndBuildsAValidImage() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure(registry.host(), false));

        BaseImage base = resolver.resolve(BaseSpec.of(reference(), null, List.of(), false), ARM64);
        assertPicked(base, ARM64);

        Path program = compile("aarch64-linux-gnu-gcc", dir.resolve("src"), "hello.c", "hello-arm64", "-static", "-O2");
        Path output = dir.resolve("out/app-arm64.tar");
        buildAndWrite(store, options(program).executablePath(ImagePath.of("/usr/local/bin/hello")),
                platform -> resolver.resolve(BaseSpec.of(reference(), null, List.of(), false), platform), output);
        verifyImage(output, ARM64, "v8", "/usr/local/bin/hello");
        assertStoreIsSound(store);
    }

    @Test
    void aPlatformTheBaseLacksFailsListingTheAvailableOnes() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure(registry.host(), false));

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> resolver.resolve(BaseSpec.of(reference(), null, List.of(), false), Platform.parse("linux/s390x")));
        assertTrue(e.getMessage().contains("linux/s390x"), e.getMessage());
        assertTrue(e.getMessage().contains("linux/amd64"), e.getMessage());
        assertTrue(e.getMessage().contains("linux/arm64"), e.getMessage());
        assertStoreIsSound(store);
        // No layer of either platform was downloaded for a platform that does not exist.
        for (BaseFromFixtures.PlatformImage image : layout.images().values()) {
            for (String layer : image.layerDigests()) {
                assertFalse(Files.exists(store.path(dev.zeroimage.image.Digest.parse(layer))), layer);
            }
        }
    }

    @Test
    void anExecutableForAnotherPlatformThanConfiguredIsRefusedBeforeAnythingIsWritten() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure(registry.host(), false));
        Path program = compile("gcc", dir.resolve("src"), "hello.c", "hello", "-static");
        Path output = dir.resolve("out/app.tar");

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> buildAndWrite(store,
                options(program).platform(ARM64), platform -> resolver.resolve(BaseSpec.of(reference(), null, List.of(), false), platform), output));
        assertTrue(e.getMessage().contains("linux/arm64"), e.getMessage());
        assertNoOutput(output);
        assertStoreIsSound(store);
    }

    // ---------------------------------------------------------------------------------------------

    private void assertPicked(BaseImage base, Platform platform) {
        BaseFromFixtures.PlatformImage expected = layout.image(platform);
        assertEquals(reference(), base.name());
        assertEquals(indexDigest, base.manifestDigest().toString(), "the tag's digest (the index) is recorded");
        assertTrue(platform.matches(base.platform()), "picked " + base.platform() + " for " + platform);
        assertEquals(expected.layerDigests(), base.layers().stream()
                .map(layer -> layer.descriptor().digest().toString()).toList());
        for (Layer layer : base.layers()) {
            assertTrue(Files.isRegularFile(layer.blob()), layer.blob() + " was not stored");
        }
        List<String> history = base.config().history.stream().map(h -> h.createdBy).toList();
        assertTrue(history.get(0).endsWith(platform.architecture()), history.toString());
    }

    private static BuildOptions.Builder options(Path program) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SHARED", "ours");
        environment.put("OURS", "1");
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("shared", "ours");
        labels.put("ours", "yes");
        return BuildOptions.builder(program).user(new User("nonroot")).environment(environment).labels(labels)
                .creationTime(BaseFromFixtures.CREATED);
    }

    /** Checks the written image with umoci (strictly) and skopeo (what users see). */
    private void verifyImage(Path output, Platform platform, String variant, String entrypoint) throws Exception {
        BaseFromFixtures.PlatformImage base = layout.image(platform);
        Path bundle = umociUnpack(output, dir.resolve("umoci"));
        Path rootfs = bundle.resolve("rootfs");
        assertTrue(Files.isRegularFile(rootfs.resolve(entrypoint.substring(1))), "no " + entrypoint + " in the rootfs");
        assertTrue(Files.readString(rootfs.resolve("etc/os-release")).contains("ARCH=" + platform.architecture()),
                "the base layers of another platform were used");
        assertTrue(Files.isRegularFile(rootfs.resolve("etc/base-marker")), "the second base layer is missing");
        JsonNode runtime = JSON.readTree(bundle.resolve("config.json").toFile());
        assertEquals(65532, runtime.path("process").path("user").path("uid").asInt(),
                "nonroot resolved through the base's /etc/passwd");

        JsonNode config = skopeoConfig(output);
        assertEquals(platform.architecture(), config.path("architecture").asText());
        assertEquals("linux", config.path("os").asText());
        if (variant != null) {
            assertEquals(variant, config.path("variant").asText());
        }
        JsonNode runtimeConfig = config.path("config");
        assertEquals(List.of("PATH=/usr/bin:/bin", "BASE_ONLY=kept", "SHARED=ours", "OURS=1"),
                strings(runtimeConfig.get("Env")), "base Env kept, ours overrides per key");
        assertEquals(List.of(entrypoint), strings(runtimeConfig.get("Entrypoint")));
        assertTrue(runtimeConfig.path("Cmd").isMissingNode() || runtimeConfig.path("Cmd").isNull(),
                "the base Cmd must be dropped when the image sets an Entrypoint and no args: " + runtimeConfig);
        assertEquals("65532:65532", runtimeConfig.path("User").asText(),
                "nonroot written as uid:gid from the base's /etc/passwd");
        assertEquals("/", runtimeConfig.path("WorkingDir").asText(), "the base WorkingDir is kept");
        Map<String, String> labels = JSON.convertValue(runtimeConfig.get("Labels"), Map.class);
        assertEquals(Map.of("base.only", "kept", "shared", "ours", "ours", "yes"), labels);

        List<String> history = new java.util.ArrayList<>();
        config.path("history").forEach(entry -> history.add(entry.path("created_by").asText()));
        assertEquals(5, history.size(), history.toString());
        assertEquals(List.of("base: ADD users " + platform.architecture(), "base: ADD marker "
                + platform.architecture(), "base: CMD [\"/bin/sh\"]"), history.subList(0, 3));
        assertTrue(history.get(3).startsWith("zeroimage: COPY"), history.toString());
        assertTrue(history.get(4).contains("ENTRYPOINT"), history.toString());
        long nonEmpty = 0;
        for (JsonNode entry : config.path("history")) {
            if (!entry.path("empty_layer").asBoolean(false)) {
                nonEmpty++;
            }
        }
        assertEquals(config.path("rootfs").path("diff_ids").size(), nonEmpty,
                "history entries with a layer must match diff_ids");

        // Base layers byte for byte: same digests and sizes as the registry's manifest, same bytes in the tar.
        JsonNode registryManifest = JSON.readTree(registry.skopeoInspectRaw(REPOSITORY + "@" + base.manifestDigest()));
        JsonNode ours = skopeoManifest(output);
        assertEquals(3, ours.path("layers").size(), ours.toString());
        for (int i = 0; i < 2; i++) {
            JsonNode theirs = registryManifest.path("layers").get(i);
            JsonNode mine = ours.path("layers").get(i);
            assertEquals(theirs.path("digest").asText(), mine.path("digest").asText());
            assertEquals(theirs.path("size").asLong(), mine.path("size").asLong());
            assertEquals(base.layerDigests().get(i), mine.path("digest").asText());
            Path blob = BaseFromFixtures.blobPath(dir.resolve("umoci/layout"), mine.path("digest").asText());
            assertEquals(base.layerDigests().get(i), sha256(blob));
            assertEquals((long) base.layerSizes().get(i), Files.size(blob));
        }
        assertNotEquals(base.layerDigests().get(1), ours.path("layers").get(2).path("digest").asText());
        JsonNode annotations = ours.path("annotations");
        assertEquals(reference(), annotations.path("org.opencontainers.image.base.name").asText(), ours.toString());
        assertEquals(indexDigest, annotations.path("org.opencontainers.image.base.digest").asText(), ours.toString());
        assertNull(ours.get("manifests"));
    }
}
