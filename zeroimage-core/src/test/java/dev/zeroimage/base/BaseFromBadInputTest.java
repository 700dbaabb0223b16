package dev.zeroimage.base;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Platform;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryTransport;
import dev.zeroimage.testing.ExternalTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.JSON;
import static dev.zeroimage.base.BaseFromFixtures.assertNoOutput;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.blobPath;
import static dev.zeroimage.base.BaseFromFixtures.buildAndWrite;
import static dev.zeroimage.base.BaseFromFixtures.compile;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.run;
import static dev.zeroimage.base.BaseFromFixtures.writeBaseLayout;
import static dev.zeroimage.base.BaseFromFixtures.writeBlob;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken or hostile base images: each must fail the build with a {@link ZeroImageException} that says
 * what is wrong, leave no output file, and leave only verified blobs in the store.
 */
@Tag("real")
class BaseFromBadInputTest {
    @TempDir
    static Path shared;

    private static Path program;

    @TempDir
    Path dir;

    private BlobStore store;
    private Path output;

    @BeforeAll
    static void compileProgram() throws Exception {
        program = compile("gcc", shared.resolve("src"), "hello.c", "hello", "-static");
    }

    @BeforeEach
    void setUp() {
        store = new BlobStore(dir.resolve("cache"));
        output = dir.resolve("out/app.tar");
    }

    // ------------------------------------------------------------------ archives and layouts

    @Test
    void tamperedLayerInLayoutDirectory() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Path layer = blobPath(layout.dir(), layout.image(AMD64).layerDigests().get(1));
        byte[] bytes = Files.readAllBytes(layer);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(layer, bytes);

        expectFailure(null, layout.dir(), "does not match its digest", layout.image(AMD64).layerDigests().get(1));
        // The first layer was fine and may be kept, the tampered one must not be.
        assertTrue(Files.notExists(store.path(dev.zeroimage.image.Digest.parse(
                layout.image(AMD64).layerDigests().get(1)))));
    }

    @Test
    void layerMissingFromLayoutDirectory() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Files.delete(blobPath(layout.dir(), layout.image(AMD64).layerDigests().get(0)));
        expectFailure(null, layout.dir(), "missing", layout.image(AMD64).layerDigests().get(0));
    }

    @Test
    void truncatedArchive() throws Exception {
        ExternalTools.require("tar");
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Path archive = dir.resolve("base.tar");
        run(List.of("tar", "-cf", archive.toString(), "-C", layout.dir().toString(), "."));
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        expectFailure(null, archive, "truncated", archive.toString());
    }

    /** Cut anywhere (header boundaries included): either it says "truncated" or, past the end marker, it works. */
    @Test
    void archiveCutAtAnyRecordIsTruncatedOrComplete() throws Exception {
        ExternalTools.require("tar");
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Path archive = dir.resolve("base.tar");
        run(List.of("tar", "-cf", archive.toString(), "-C", layout.dir().toString(), "."));
        byte[] whole = Files.readAllBytes(archive);
        int failures = 0;
        for (int cut = 0; cut < whole.length; cut += 256) {
            Path cutArchive = dir.resolve("cut.tar");
            Files.write(cutArchive, Arrays.copyOf(whole, cut));
            BlobStore cutStore = new BlobStore(dir.resolve("cache-" + cut));
            try {
                BaseImage base = resolver(cutStore, insecure("unused.invalid", true)).resolve(new BaseSpec.Archive(cutArchive), AMD64);
                assertTrue(base.layers().size() == 2, "cut at " + cut);
            } catch (ZeroImageException e) {
                failures++;
                assertTrue(e.getMessage().contains("truncated"), "cut at " + cut + " of " + whole.length + ": "
                        + e.getMessage());
            }
            assertStoreIsSound(cutStore);
        }
        assertTrue(failures > whole.length / 2 / 256, "most cuts must fail: " + failures);
    }

    @Test
    void truncatedGzipArchive() throws Exception {
        ExternalTools.require("tar");
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Path archive = dir.resolve("base.tar.gz");
        run(List.of("tar", "-czf", archive.toString(), "-C", layout.dir().toString(), "."));
        byte[] whole = Files.readAllBytes(archive);
        Files.write(archive, Arrays.copyOf(whole, whole.length / 2));

        expectFailure(null, archive, "truncated", archive.toString());
    }

    @Test
    void archiveEntryClimbingOutWithDotDot() throws Exception {
        Path archive = hostileArchive("../evil");
        expectFailure(null, archive, "unsafe entry", "../evil");
        assertTrue(Files.notExists(dir.resolve("evil")));
    }

    @Test
    void archiveEntryWithAbsolutePath() throws Exception {
        Path archive = hostileArchive("/abs");
        expectFailure(null, archive, "unsafe entry", "/abs");
    }

    @Test
    void archiveEntryWithDotDotInTheMiddle() throws Exception {
        Path archive = hostileArchive("blobs/../../evil");
        expectFailure(null, archive, "unsafe entry", "blobs/../../evil");
    }

    @Test
    void indexJsonThatIsNotJsonInLayoutDirectory() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Files.writeString(layout.dir().resolve("index.json"), "this is not { json");
        expectFailure(null, layout.dir(), "not valid JSON");
    }

    @Test
    void indexJsonThatIsNotJsonInArchive() throws Exception {
        ExternalTools.require("tar");
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        Files.writeString(layout.dir().resolve("index.json"), "<html>not json</html>");
        Path archive = dir.resolve("base.tar");
        run(List.of("tar", "-cf", archive.toString(), "-C", layout.dir().toString(), "."));
        expectFailure(null, archive, "not valid JSON");
    }

    @Test
    void manifestThatIsNotJson() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", false);
        byte[] garbage = "\u0000\u0001 definitely not a manifest".getBytes(StandardCharsets.UTF_8);
        String digest = writeBlob(layout.dir(), garbage);
        replaceManifestDescriptor(layout, "amd64", digest, garbage.length);
        expectFailure(null, layout.dir(), "not valid JSON");
    }

    @Test
    void unknownLayerMediaType() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", false);
        Path manifestFile = blobPath(layout.dir(), layout.image(AMD64).manifestDigest());
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestFile.toFile());
        ((ObjectNode) manifest.path("layers").get(0)).put("mediaType", "application/vnd.example.unknown.layer");
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        replaceManifestDescriptor(layout, "amd64", writeBlob(layout.dir(), bytes), bytes.length);
        expectFailure(null, layout.dir(), "unknown media type", "application/vnd.example.unknown.layer");
    }

    @Test
    void artifactInsteadOfImage() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", false);
        Path manifestFile = blobPath(layout.dir(), layout.image(AMD64).manifestDigest());
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestFile.toFile());
        ((ObjectNode) manifest.path("config")).put("mediaType", "application/vnd.cncf.helm.config.v1+json");
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        replaceManifestDescriptor(layout, "amd64", writeBlob(layout.dir(), bytes), bytes.length);
        expectFailure(null, layout.dir(), "unknown media type", "not a container image");
    }

    @Test
    void platformTheArchiveLacks() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", true));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> resolver.resolve(new BaseSpec.Archive(layout.dir()), Platform.parse("linux/s390x")));
        assertContains(e, "linux/s390x", "linux/amd64", "linux/arm64");
        assertStoreIsSound(store);
    }

    @Test
    void platformTheArchiveLacksFailsTheBuild() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        BaseFromFixtures.BaseLayout armOnly = armOnly(layout);
        expectFailure(null, armOnly.dir(), "linux/amd64", "linux/arm64");
    }

    @Test
    void nonexistentArchive() throws Exception {
        expectFailure(null, dir.resolve("no-such-base.tar"), "does not exist");
    }

    @Test
    void fileThatIsNotATar() throws Exception {
        Path archive = dir.resolve("base.tar");
        Files.writeString(archive, "just some text, not an archive at all\n".repeat(40));
        ZeroImageException e = expectFailure(null, archive);
        String message = e.getMessage().toLowerCase(Locale.ROOT);
        assertTrue(message.contains("not a valid tar") || message.contains("neither an oci image layout"), message);
    }

    @Test
    void dockerSaveManifestNamingAMissingLayer() throws Exception {
        Path archive = dir.resolve("docker.tar");
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(archive))) {
            byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
                    .getBytes(StandardCharsets.UTF_8);
            String configName = BaseFromFixtures.sha256(config).substring(7) + ".json";
            put(tar, configName, config);
            put(tar, "manifest.json", ("[{\"Config\":\"" + configName + "\",\"RepoTags\":[\"base:1\"],"
                    + "\"Layers\":[\"0123/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8));
        }
        expectFailure(null, archive, "0123/layer.tar", "not in the archive");
    }

    // ------------------------------------------------------------------ registry and settings

    @Test
    void unreachableRegistry() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String host = "127.0.0.1:" + port;
        RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(host),
                CredentialSource.ANONYMOUS, 2, Duration.ofMillis(10), false);
        BaseImageResolver resolver = resolver(store, options);
        long start = System.nanoTime();
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> buildAndWrite(store,
                options(), platform -> resolver.resolve(BaseSpec.of(host + "/base/multi:1", null, List.of(), false), platform), output));
        assertContains(e, "Cannot reach registry", host, "2 attempts");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "retries must be bounded");
        assertNoOutput(output);
        assertStoreIsSound(store);
    }

    @Test
    void fromAndFromArchiveTogether() throws Exception {
        BaseFromFixtures.BaseLayout layout = writeBaseLayout(dir.resolve("layout"), "1", true);
        ZeroImageException e = expectFailure("127.0.0.1:1/base/multi:1", layout.dir(), "Both from");
        assertContains(e, "fromArchive");
    }

    @Test
    void invalidFromReference() throws Exception {
        expectFailure("UPPER/Case:tag", null, "Invalid from");
    }

    // ---------------------------------------------------------------------------------------------

    /** Builds on from/fromArchive; expects a ZeroImageException containing {@code words}, no output, a sound store. */
    private ZeroImageException expectFailure(String from, Path fromArchive, String... words) throws IOException {
        BaseImageResolver resolver = resolver(store, insecure("unused.invalid", false));
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> buildAndWrite(store, options(),
                platform -> resolver.resolve(BaseSpec.of(from, fromArchive, List.of(), false), platform), output));
        assertContains(e, words);
        assertNoOutput(output);
        assertStoreIsSound(store);
        return e;
    }

    private static void assertContains(Exception e, String... words) {
        for (String word : words) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(word),
                    "expected '" + word + "' in: " + e.getMessage());
        }
    }

    private static BuildOptions.Builder options() {
        return BuildOptions.builder(program).creationTime(BaseFromFixtures.CREATED);
    }

    /** Points the flat layout's descriptor of {@code architecture} at another blob. */
    private static void replaceManifestDescriptor(BaseFromFixtures.BaseLayout layout, String architecture,
                                                  String digest, long size) throws IOException {
        Path indexFile = layout.dir().resolve("index.json");
        ObjectNode index = (ObjectNode) JSON.readTree(indexFile.toFile());
        for (var descriptor : index.path("manifests")) {
            if (descriptor.path("platform").path("architecture").asText().equals(architecture)) {
                ((ObjectNode) descriptor).put("digest", digest).put("size", size);
            }
        }
        Files.write(indexFile, JSON.writeValueAsBytes(index));
    }

    /** A copy of the layout whose nested index lists only the arm64 manifest. */
    private BaseFromFixtures.BaseLayout armOnly(BaseFromFixtures.BaseLayout layout) throws IOException {
        Path indexBlob = blobPath(layout.dir(), layout.indexDigest());
        ObjectNode nested = (ObjectNode) JSON.readTree(indexBlob.toFile());
        ArrayNode kept = JSON.createArrayNode();
        nested.path("manifests").forEach(m -> {
            if (m.path("platform").path("architecture").asText().equals("arm64")) {
                kept.add(m);
            }
        });
        nested.set("manifests", kept);
        byte[] bytes = JSON.writeValueAsBytes(nested);
        String digest = writeBlob(layout.dir(), bytes);
        ObjectNode top = (ObjectNode) JSON.readTree(layout.dir().resolve("index.json").toFile());
        ((ObjectNode) top.path("manifests").get(0)).put("digest", digest).put("size", bytes.length);
        Files.write(layout.dir().resolve("index.json"), JSON.writeValueAsBytes(top));
        return new BaseFromFixtures.BaseLayout(layout.dir(), layout.tag(), digest,
                Map.of("arm64", layout.image(BaseFromFixtures.ARM64)));
    }

    /** A valid-looking OCI layout tar (a good blob first) with one entry named {@code evilName}. */
    private Path hostileArchive(String evilName) throws IOException {
        Path archive = dir.resolve("hostile.tar");
        try (OutputStream file = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            byte[] good = "a good blob".getBytes(StandardCharsets.UTF_8);
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "blobs/sha256/" + BaseFromFixtures.sha256(good).substring(7), good);
            put(tar, evilName, "owned".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(StandardCharsets.UTF_8));
        }
        return archive;
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        // preserveAbsolutePath: commons-compress would otherwise strip the leading '/'.
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        entry.setMode(0100644);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
