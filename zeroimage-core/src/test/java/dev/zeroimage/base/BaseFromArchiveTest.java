package dev.zeroimage.base;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.User;
import dev.zeroimage.testing.ExternalTools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.ARM64;
import static dev.zeroimage.base.BaseFromFixtures.JSON;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.buildAndWrite;
import static dev.zeroimage.base.BaseFromFixtures.compile;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.run;
import static dev.zeroimage.base.BaseFromFixtures.sha256;
import static dev.zeroimage.base.BaseFromFixtures.skopeoConfig;
import static dev.zeroimage.base.BaseFromFixtures.skopeoManifest;
import static dev.zeroimage.base.BaseFromFixtures.strings;
import static dev.zeroimage.base.BaseFromFixtures.umociUnpack;
import static dev.zeroimage.base.BaseFromFixtures.writeBaseLayout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same two-platform base as an OCI layout directory (nested and flat index.json), an OCI layout
 * tar written by skopeo, a gzip-compressed layout tar made with tar(1), and a docker-save tar written
 * by skopeo; each is resolved through {@code fromArchive}, built on and checked with umoci and skopeo.
 */
@Tag("real")
class BaseFromArchiveTest {
    @TempDir
    static Path shared;

    private static BaseFromFixtures.BaseLayout nested;
    private static BaseFromFixtures.BaseLayout flat;
    private static Path program;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeBases() throws Exception {
        nested = writeBaseLayout(shared.resolve("nested"), "1", true);
        flat = writeBaseLayout(shared.resolve("flat"), "1", false);
        program = compile("gcc", shared.resolve("src"), "hello.c", "hello", "-static", "-O2");
    }

    @Test
    void ociLayoutDirectoryWithNestedIndex() throws Exception {
        checkBoth(nested.dir(), nested);
    }

    @Test
    void ociLayoutDirectoryWhoseIndexJsonListsThePlatforms() throws Exception {
        checkBoth(flat.dir(), flat);
    }

    @Test
    void ociLayoutTarWrittenBySkopeo() throws Exception {
        ExternalTools.require("skopeo");
        Path archive = shared.resolve("base-oci.tar");
        if (!Files.exists(archive)) {
            run(List.of("skopeo", "--insecure-policy", "copy", "--all", "oci:" + nested.dir() + ":1",
                    "oci-archive:" + archive + ":1"));
        }
        checkBoth(archive, nested);
    }

    @Test
    void gzippedOciLayoutTarWithDotSlashNames() throws Exception {
        ExternalTools.require("tar");
        Path archive = dir.resolve("base-oci.tar.gz");
        run(List.of("tar", "-czf", archive.toString(), "-C", nested.dir().toString(), "."));
        checkBoth(archive, nested);
    }

    @Test
    void dockerSaveTarWrittenBySkopeo() throws Exception {
        ExternalTools.require("skopeo");
        Path archive = dir.resolve("base-docker.tar");
        run(List.of("skopeo", "--insecure-policy", "copy", "--override-os", "linux", "--override-arch", "amd64",
                "oci:" + nested.dir() + ":1", "docker-archive:" + archive + ":base:1"));
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));

        BaseImage base = resolver.resolve(new BaseSpec.Archive(archive), AMD64);
        assertTrue(AMD64.matches(base.platform()), String.valueOf(base.platform()));
        assertEquals(2, base.layers().size());
        BaseFromFixtures.PlatformImage source = nested.image(AMD64);
        JsonNode sourceConfig = JSON.readTree(BaseFromFixtures.blobPath(nested.dir(), source.configDigest()).toFile());
        for (int i = 0; i < 2; i++) {
            Layer layer = base.layers().get(i);
            // skopeo writes the classic layout: uncompressed layer tars, named by their diff_id.
            assertEquals(MediaType.OCI_LAYER_TAR, layer.descriptor().mediaType());
            assertEquals(sourceConfig.path("rootfs").path("diff_ids").get(i).asText(), layer.diffId().toString());
            assertEquals(layer.diffId(), layer.descriptor().digest());
        }

        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, options(), platform -> resolver.resolve(new BaseSpec.Archive(archive), platform), output);
        verify(output, base, AMD64);
        assertStoreIsSound(store);
    }

    /** An image zeroimage wrote (OCI layout + docker manifest.json in one tar) serves as the next base. */
    @Test
    void ourOwnOutputAsBase() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        Path first = dir.resolve("first.tar");
        Image firstImage = buildAndWrite(store, options(), platform -> resolver.resolve(new BaseSpec.Archive(nested.dir()), platform),
                first);

        BlobStore otherStore = new BlobStore(dir.resolve("other-cache"));
        BaseImageResolver otherResolver = resolver(otherStore, insecure("unused.invalid", true));
        BaseImage base = otherResolver.resolve(new BaseSpec.Archive(first), AMD64);
        assertEquals(firstImage.digest(), base.manifestDigest());
        assertEquals(firstImage.layers().stream().map(layer -> layer.descriptor().digest()).toList(),
                base.layers().stream().map(layer -> layer.descriptor().digest()).toList());

        Path second = dir.resolve("out/app.tar");
        buildAndWrite(otherStore, BuildOptions.builder(program).executablePath(ImagePath.of("/bin/second"))
                .creationTime(BaseFromFixtures.CREATED), platform -> otherResolver.resolve(new BaseSpec.Archive(first), platform), second);
        Path bundle = umociUnpack(second, dir.resolve("umoci"));
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/hello")));
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/bin/second")));
        JsonNode config = skopeoConfig(second);
        assertEquals(List.of("/bin/second"), strings(config.path("config").get("Entrypoint")));
        assertEquals("65532:65532", config.path("config").path("User").asText(), "the base's User is kept");
        assertEquals(7, config.path("history").size(), config.toString());
        assertStoreIsSound(otherStore);
    }

    /**
     * The legacy {@code docker save} layout, made by hand: {@code <id>/layer.tar}, {@code <id>/json},
     * {@code <64 hex>.json} config, {@code repositories}; its config names no architecture (old images).
     */
    @Test
    void legacyDockerSaveWithoutArchitectureInItsConfig() throws Exception {
        byte[] layer = new BaseFromFixtures.TarBuilder()
                .directory("etc")
                .file("etc/passwd", BaseFromFixtures.BASE_PASSWD.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0644)
                .build();
        String diffId = sha256(layer);
        byte[] config = ("{\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + diffId + "\"]}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String configName = sha256(config).substring(7) + ".json";
        String layerDir = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        Path archive = dir.resolve("legacy.tar");
        try (var out = Files.newOutputStream(archive);
             var tar = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(out)) {
            putFile(tar, layerDir + "/VERSION", "1.0".getBytes());
            putFile(tar, layerDir + "/json", "{}".getBytes());
            putFile(tar, layerDir + "/layer.tar", layer);
            putFile(tar, configName, config);
            putFile(tar, "manifest.json", ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"old:1\"],"
                    + "\"Layers\":[\"" + layerDir + "/layer.tar\"]}]").getBytes());
            putFile(tar, "repositories", "{\"old\":{\"1\":\"x\"}}".getBytes());
        }
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        BaseImage base = resolver.resolve(new BaseSpec.Archive(archive), AMD64);
        assertEquals(1, base.layers().size());
        assertEquals(diffId, base.layers().get(0).diffId().toString());
        assertEquals(null, base.platform());

        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, options(), platform -> resolver.resolve(new BaseSpec.Archive(archive), platform), output);
        Path bundle = umociUnpack(output, dir.resolve("umoci"));
        assertTrue(Files.isRegularFile(bundle.resolve("rootfs/etc/passwd")));
        JsonNode ours = skopeoConfig(output);
        assertEquals("amd64", ours.path("architecture").asText());
        assertEquals(List.of("PATH=/bin", "SHARED=ours"), strings(ours.path("config").get("Env")));
        assertStoreIsSound(store);
    }

    private static void putFile(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar, String name,
                                byte[] content) throws java.io.IOException {
        var entry = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    // ---------------------------------------------------------------------------------------------

    /** Resolves both platforms out of {@code archive} and builds an amd64 image on it. */
    private void checkBoth(Path archive, BaseFromFixtures.BaseLayout layout) throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));

        for (Platform platform : List.of(AMD64, ARM64)) {
            BaseImage base = resolver.resolve(new BaseSpec.Archive(archive), platform);
            BaseFromFixtures.PlatformImage expected = layout.image(platform);
            assertTrue(platform.matches(base.platform()), "picked " + base.platform() + " for " + platform);
            assertEquals(expected.manifestDigest(), base.manifestDigest().toString(),
                    "the platform's manifest was picked");
            assertEquals(expected.layerDigests(), base.layers().stream()
                    .map(layer -> layer.descriptor().digest().toString()).toList());
            for (Layer layer : base.layers()) {
                assertEquals(layer.descriptor().digest().toString(), sha256(layer.blob()));
            }
        }

        Path output = dir.resolve("out/app.tar");
        Image image = buildAndWrite(store, options(), platform -> resolver.resolve(new BaseSpec.Archive(archive), platform), output);
        assertEquals(3, image.layers().size());
        verify(output, resolver.resolve(new BaseSpec.Archive(archive), AMD64), AMD64);
        JsonNode manifest = skopeoManifest(output);
        for (int i = 0; i < 2; i++) {
            assertEquals(layout.image(AMD64).layerDigests().get(i), manifest.path("layers").get(i).path("digest").asText());
            assertEquals((long) layout.image(AMD64).layerSizes().get(i), manifest.path("layers").get(i).path("size").asLong());
        }
        assertStoreIsSound(store);
    }

    private static BuildOptions.Builder options() {
        return BuildOptions.builder(program).user(new User("nonroot")).creationTime(BaseFromFixtures.CREATED)
                .environment(java.util.Map.of("SHARED", "ours"));
    }

    private void verify(Path output, BaseImage base, Platform platform) throws Exception {
        Path bundle = umociUnpack(output, dir.resolve("umoci"));
        Path rootfs = bundle.resolve("rootfs");
        assertTrue(Files.isRegularFile(rootfs.resolve("hello")));
        assertTrue(Files.readString(rootfs.resolve("etc/os-release")).contains("ARCH=" + platform.architecture()));
        assertTrue(Files.isRegularFile(rootfs.resolve("etc/base-marker")));

        JsonNode config = skopeoConfig(output);
        assertEquals(platform.architecture(), config.path("architecture").asText());
        assertEquals(List.of("PATH=/usr/bin:/bin", "BASE_ONLY=kept", "SHARED=ours"),
                strings(config.path("config").get("Env")));
        assertEquals(List.of("/hello"), strings(config.path("config").get("Entrypoint")));
        assertTrue(config.path("config").path("Cmd").isMissingNode(), config.toString());
        assertEquals(5, config.path("history").size(), config.toString());

        // Base layers are in our tar byte for byte.
        Path layout = dir.resolve("umoci/layout");
        for (Layer layer : base.layers()) {
            Path blob = BaseFromFixtures.blobPath(layout, layer.descriptor().digest().toString());
            assertEquals(layer.descriptor().digest().toString(), sha256(blob));
            assertEquals(layer.descriptor().size(), Files.size(blob));
        }
        // Nothing of the base tar's format leaks into ours: the manifest is OCI.
        assertEquals(MediaType.OCI_MANIFEST, skopeoManifest(output).path("mediaType").asText());
    }
}
