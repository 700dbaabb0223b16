package dev.zeroimage.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.BuildSummary;
import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.registry.PushFixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multi-platform outputs without tools: the index tar (layout, shared blobs once, no manifest.json,
 * Docker manifest list), reading it back exactly, and the report and summary of an index.
 */
class MultiPlatformArchiveTest {
    private static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");
    private static final ImageReference REFERENCE = ImageReference.parse("registry.example.com/team/app:1.0");

    @TempDir
    Path dir;

    /** Two images (amd64, arm64) that share their extra-files layer (same file, same settings). */
    private List<Image> twoPlatforms(BlobStore store, ImageFormat format) throws Exception {
        Path conf = Files.writeString(dir.resolve("app.conf"), "shared=yes\n");
        Files.createDirectories(dir.resolve("amd64"));
        Files.createDirectories(dir.resolve("arm64"));
        List<Image> images = new ArrayList<>();
        for (Path executable : List.of(TestExecutables.staticAmd64(dir.resolve("amd64/app")),
                TestExecutables.staticArm64(dir.resolve("arm64/app")))) {
            images.add(PushFixtures.build(store, BuildOptions.builder(executable).format(format)
                    .extraFiles(List.of(new ExtraFile(conf, "/etc/app.conf", 0644))), platform -> BaseImage.scratch()));
        }
        return images;
    }

    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                assertEquals(0, entry.getLongUserId(), entry.getName());
                assertEquals(TIME, entry.getModTime().toInstant(), entry.getName());
                assertFalse(entries.containsKey(entry.getName()), "one entry per name: " + entry.getName());
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void theLayoutNamesTheIndexAndHoldsEachBlobOnce() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<Image> images = twoPlatforms(store, ImageFormat.OCI);
        MultiPlatformImage index = MultiPlatformImage.assemble(images, Map.of("org.opencontainers.image.title", "app"),
                ImageFormat.OCI);
        Path tar = dir.resolve("out/app.tar");
        new OciArchiveWriter(TIME).write(index, REFERENCE, tar);
        Map<String, byte[]> entries = entries(tar);

        List<String> names = new ArrayList<>(entries.keySet());
        List<String> sorted = new ArrayList<>(names);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, names, "entries are in name order");
        assertFalse(entries.containsKey("manifest.json"), "no docker manifest.json for several platforms");
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(entries.get("oci-layout"), StandardCharsets.UTF_8));

        JsonNode layoutIndex = Json.mapper().readTree(entries.get("index.json"));
        assertEquals(1, layoutIndex.path("manifests").size());
        JsonNode root = layoutIndex.path("manifests").get(0);
        assertEquals(MediaType.OCI_INDEX, root.path("mediaType").asText());
        assertEquals(index.digest().toString(), root.path("digest").asText());
        assertEquals(index.indexJson().length, root.path("size").asLong());
        assertEquals("registry.example.com/team/app:1.0",
                root.path("annotations").path(OciArchiveWriter.REF_NAME).asText());

        byte[] indexBlob = entries.get("blobs/sha256/" + index.digest().hex());
        assertArrayEquals(index.indexJson(), indexBlob, "the index blob is the index's exact bytes");
        JsonNode parsed = Json.mapper().readTree(indexBlob);
        assertEquals("app", parsed.path("annotations").path("org.opencontainers.image.title").asText());
        assertEquals(List.of("amd64", "arm64"), List.of(parsed.path("manifests").get(0).path("platform")
                .path("architecture").asText(), parsed.path("manifests").get(1).path("platform").path("architecture").asText()));

        // The extra-files layer is the same for both platforms: one blob. Every blob is named by its digest.
        Digest shared = images.get(0).layers().get(0).descriptor().digest();
        assertEquals(shared, images.get(1).layers().get(0).descriptor().digest(), "the fixture shares a layer");
        List<String> blobs = names.stream().filter(n -> n.startsWith("blobs/sha256/") && !n.endsWith("/")).toList();
        java.util.Set<Digest> expected = new java.util.HashSet<>();
        expected.add(index.digest());
        for (Image image : images) {
            expected.add(image.digest());
            expected.add(image.configDescriptor().digest());
            image.layers().forEach(layer -> expected.add(layer.descriptor().digest()));
        }
        assertEquals(expected.size(), blobs.size(), "index + 2 manifests + 2 configs + 3 distinct layers: " + blobs);
        assertEquals(8, blobs.size());
        for (String blob : blobs) {
            assertEquals(blob.substring("blobs/sha256/".length()), Digest.sha256(entries.get(blob)).hex());
        }
        assertEquals(index.compressedSize(), blobs.stream().mapToLong(b -> entries.get(b).length).sum(),
                "compressedSize counts each blob once");
    }

    @Test
    void sameImagesGiveTheSameBytesAndTheSingleImageTarIsUnchanged() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<Image> images = twoPlatforms(store, ImageFormat.OCI);
        Path first = dir.resolve("a/app.tar");
        Path second = dir.resolve("b/app.tar");
        new OciArchiveWriter(TIME).write(MultiPlatformImage.assemble(images, Map.of(), ImageFormat.OCI), REFERENCE, first);
        // Re-assembled from scratch (other list objects): the index bytes, and so the tar, are the same.
        new OciArchiveWriter(TIME).write(MultiPlatformImage.assemble(List.copyOf(images), Map.of(), ImageFormat.OCI),
                REFERENCE, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));

        // The single-image writer still writes manifest.json and an index.json naming the manifest.
        Path single = dir.resolve("single.tar");
        new OciArchiveWriter(TIME).write(images.get(0), REFERENCE, single);
        Map<String, byte[]> entries = entries(single);
        assertTrue(entries.containsKey("manifest.json"));
        assertEquals(images.get(0).digest().toString(), Json.mapper().readTree(entries.get("index.json"))
                .path("manifests").get(0).path("digest").asText());
    }

    @Test
    void writeIfChangedKeepsAnUnchangedTarAndRewritesOnAnotherIndex() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<Image> images = twoPlatforms(store, ImageFormat.OCI);
        MultiPlatformImage index = MultiPlatformImage.assemble(images, Map.of(), ImageFormat.OCI);
        Path tar = dir.resolve("out/app.tar");
        OciArchiveWriter writer = new OciArchiveWriter(TIME);
        assertTrue(writer.writeIfChanged(index, REFERENCE, tar, store));
        assertFalse(writer.writeIfChanged(index, REFERENCE, tar, store), "unchanged: kept");
        MultiPlatformImage reversed = MultiPlatformImage.assemble(List.of(images.get(1), images.get(0)), Map.of(),
                ImageFormat.OCI);
        assertNotEquals(index.digest(), reversed.digest(), "the order is part of the index");
        assertTrue(writer.writeIfChanged(reversed, REFERENCE, tar, store));
        // A single image written to the same path replaces the index tar (and the other way round).
        assertTrue(writer.writeIfChanged(images.get(0), REFERENCE, tar, store));
        assertTrue(writer.writeIfChanged(reversed, REFERENCE, tar, store));
    }

    @Test
    void dockerFormatWritesAManifestListOverDockerManifests() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<Image> images = twoPlatforms(store, ImageFormat.DOCKER);
        MultiPlatformImage list = MultiPlatformImage.assemble(images, Map.of("ignored", "in a docker list"),
                ImageFormat.DOCKER);
        Path tar = dir.resolve("docker.tar");
        new OciArchiveWriter(TIME).write(list, REFERENCE, tar);
        Map<String, byte[]> entries = entries(tar);
        JsonNode root = Json.mapper().readTree(entries.get("index.json")).path("manifests").get(0);
        assertEquals(MediaType.DOCKER_MANIFEST_LIST, root.path("mediaType").asText());
        JsonNode blob = Json.mapper().readTree(entries.get("blobs/sha256/" + list.digest().hex()));
        assertEquals(MediaType.DOCKER_MANIFEST_LIST, blob.path("mediaType").asText());
        assertTrue(blob.path("annotations").isMissingNode(), "a docker manifest list has no annotations");
        for (JsonNode entry : blob.path("manifests")) {
            assertEquals(MediaType.DOCKER_MANIFEST, entry.path("mediaType").asText());
        }
        assertFalse(entries.containsKey("manifest.json"));
    }

    @Test
    void anIndexTarReadsBackWithTheSameDigests() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<Image> images = twoPlatforms(store, ImageFormat.OCI);
        MultiPlatformImage index = MultiPlatformImage.assemble(images, Map.of("k", "v"), ImageFormat.OCI);
        Path tar = dir.resolve("app.tar");
        new OciArchiveWriter(TIME).write(index, REFERENCE, tar);

        BlobStore other = new BlobStore(dir.resolve("other-cache"));
        MultiPlatformImage loaded = new ImageArchiveReader(other).loadIndex(tar);
        assertEquals(index.digest(), loaded.digest());
        assertArrayEquals(index.indexJson(), loaded.indexJson());
        assertEquals(index.platforms(), loaded.platforms());
        for (int i = 0; i < images.size(); i++) {
            assertEquals(images.get(i).digest(), loaded.images().get(i).digest());
            assertEquals(images.get(i).layers().stream().map(Layer::descriptor).toList(),
                    loaded.images().get(i).layers().stream().map(Layer::descriptor).toList());
            for (Layer layer : loaded.images().get(i).layers()) {
                assertTrue(layer.blob().startsWith(other.root()), "layers come from the reading store");
            }
        }
        ImageArchiveReader.Loaded single = new ImageArchiveReader(other).load(writeSingle(images.get(1)));
        assertFalse(single.isIndex());
        assertEquals(images.get(1).digest(), single.image().digest());
        ZeroImageException notIndex = assertThrows(ZeroImageException.class,
                () -> new ImageArchiveReader(other).loadIndex(writeSingle(images.get(0))));
        assertTrue(notIndex.getMessage().contains("single-platform image, not an image index"), notIndex.getMessage());
        // loadImage (push of a single image) refuses an index tar, saying why.
        ZeroImageException refused = assertThrows(ZeroImageException.class,
                () -> new ImageArchiveReader(other).loadImage(tar));
        assertTrue(refused.getMessage().contains("exactly one image manifest"), refused.getMessage());
    }

    private Path writeSingle(Image image) throws IOException {
        Path tar = dir.resolve("single-" + image.digest().hex() + ".tar");
        new OciArchiveWriter(TIME).write(image, REFERENCE, tar);
        return tar;
    }

    @Test
    void theReportDescribesTheIndexAndEachPlatform() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<Image> images = twoPlatforms(store, ImageFormat.OCI);
        MultiPlatformImage index = MultiPlatformImage.assemble(images, Map.of(), ImageFormat.OCI);
        Path reports = dir.resolve("reports");
        ImageReport.of(index, REFERENCE, dir.resolve("app.tar")).withPushed(List.of("registry.example.com/team/app:1.0"),
                index.digest().toString()).writeTo(reports);

        assertEquals(index.digest().toString(), Files.readString(reports.resolve("image-digest")));
        JsonNode json = Json.mapper().readTree(Files.readAllBytes(reports.resolve("image.json")));
        assertEquals("registry.example.com/team/app:1.0", json.path("image").asText());
        assertEquals(index.digest().toString(), json.path("manifestDigest").asText());
        assertEquals(MediaType.OCI_INDEX, json.path("mediaType").asText());
        assertTrue(json.path("configDigest").isMissingNode() && json.path("layers").isMissingNode()
                && json.path("platform").isMissingNode(), "no single-image fields: " + json);
        assertEquals(dir.resolve("app.tar").toAbsolutePath().toString(), json.path("outputFile").asText());
        assertEquals(2, json.path("platforms").size());
        for (int i = 0; i < 2; i++) {
            JsonNode platform = json.path("platforms").get(i);
            Image image = images.get(i);
            assertEquals(image.platform().toString(), platform.path("platform").asText());
            assertEquals(image.digest().toString(), platform.path("manifestDigest").asText());
            assertEquals(image.configDescriptor().digest().toString(), platform.path("configDigest").asText());
            assertEquals(image.layers().size(), platform.path("layers").size());
            assertEquals(image.layers().get(0).descriptor().digest().toString(),
                    platform.path("layers").get(0).path("digest").asText());
        }
        // A single image's report keeps its round-1 shape: no platforms field.
        ImageReport.of(images.get(0), REFERENCE, null).writeTo(reports);
        JsonNode single = Json.mapper().readTree(Files.readAllBytes(reports.resolve("image.json")));
        assertTrue(single.path("platforms").isMissingNode());
        assertEquals(List.of("image", "manifestDigest", "configDigest", "platform", "mediaType", "layers"),
                fieldNames(single));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theSummaryNamesEveryPlatformAndTheIndexDigest() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        MultiPlatformImage index = MultiPlatformImage.assemble(twoPlatforms(store, ImageFormat.OCI), Map.of(),
                ImageFormat.OCI);
        String line = BuildSummary.built("app:1.0", index, 42, Path.of("target/app.tar"));
        assertTrue(line.startsWith("Built image app:1.0 (linux/amd64, linux/arm64/v8) " + index.digest() + ", "), line);
        assertTrue(line.endsWith(", in 42 ms, written to target/app.tar"), line);
    }
}
