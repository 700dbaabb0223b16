package dev.zeroimage.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.cache.DamagedBlobException;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.registry.PushFixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OciArchiveWriterTest {
    private static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");
    private static final ImageReference REFERENCE = ImageReference.parse("registry.example.com/team/app:1.0");

    @TempDir
    Path dir;
    private BlobStore store;
    private Image image;

    @BeforeEach
    void buildImage() throws Exception {
        store = new BlobStore(dir.resolve("cache"));
        // The archive is only read, never run: a synthetic executable will do (no compiler needed).
        image = PushFixtures.build(store, TestExecutables.staticAmd64(dir.resolve("app")));
    }

    private static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                assertEquals(0, entry.getLongUserId(), entry.getName());
                assertEquals("", entry.getUserName(), entry.getName());
                assertEquals(TIME, entry.getModTime().toInstant(), entry.getName());
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void anOciLayoutAndADockerArchiveInOneSortedTar() throws IOException {
        Path tar = dir.resolve("out/app.tar");
        new OciArchiveWriter(TIME).write(image, REFERENCE, tar);
        Map<String, byte[]> entries = entries(tar);

        List<String> names = new ArrayList<>(entries.keySet());
        List<String> sorted = new ArrayList<>(names);
        java.util.Collections.sort(sorted);
        assertEquals(sorted, names, "entries are in name order");
        assertTrue(names.containsAll(List.of("oci-layout", "index.json", "manifest.json")));
        for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
            if (entry.getKey().startsWith("blobs/sha256/") && !entry.getKey().endsWith("/")) {
                assertEquals(entry.getKey().substring("blobs/sha256/".length()), Digest.sha256(entry.getValue()).hex(),
                        "a blob is named by its digest");
            }
        }

        JsonNode index = Json.mapper().readTree(entries.get("index.json"));
        JsonNode manifest = index.get("manifests").get(0);
        assertEquals(image.digest().toString(), manifest.get("digest").asText());
        assertEquals("registry.example.com/team/app:1.0",
                manifest.get("annotations").get("org.opencontainers.image.ref.name").asText());

        JsonNode docker = Json.mapper().readTree(entries.get("manifest.json")).get(0);
        assertEquals("registry.example.com/team/app:1.0", docker.get("RepoTags").get(0).asText());
        assertEquals("blobs/sha256/" + image.configDescriptor().digest().hex(), docker.get("Config").asText());
        List<String> layers = new ArrayList<>();
        docker.get("Layers").forEach(layer -> layers.add(layer.asText()));
        assertEquals(image.layers().stream().map(layer -> "blobs/sha256/" + layer.descriptor().digest().hex()).toList(),
                layers);
    }

    @Test
    void theSameImageGivesTheSameBytesInAnotherDirectory() throws IOException {
        Path first = dir.resolve("a/app.tar");
        Path second = dir.resolve("b/deeper/other-name.tar");
        new OciArchiveWriter(TIME).write(image, REFERENCE, first);
        new OciArchiveWriter(TIME).write(image, REFERENCE, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void aFailedWriteLeavesThePreviousArchiveAndNoTemporaryFile() throws IOException {
        Path tar = dir.resolve("out/app.tar");
        new OciArchiveWriter(TIME).write(image, REFERENCE, tar);
        byte[] before = Files.readAllBytes(tar);

        Layer layer = image.layers().get(0);
        Image broken = new Image(image.config(), image.configJson(), image.configDescriptor(), image.manifest(),
                image.manifestJson(), image.manifestDescriptor(),
                List.of(new Layer(layer.descriptor(), layer.diffId(), dir.resolve("missing-blob"))));
        DamagedBlobException error = assertThrows(DamagedBlobException.class,
                () -> new OciArchiveWriter(TIME).write(broken, REFERENCE, tar));
        assertTrue(error.getMessage().contains(dir.resolve("missing-blob").toString()), error.getMessage());

        assertArrayEquals(before, Files.readAllBytes(tar));
        try (var files = Files.list(tar.getParent())) {
            assertEquals(List.of("app.tar"), files.map(path -> path.getFileName().toString()).toList());
        }
    }

    @Test
    void anUntouchedArchiveIsKeptAndAChangedOneRewritten() throws IOException {
        Path tar = dir.resolve("out/app.tar");
        OciArchiveWriter writer = new OciArchiveWriter(TIME);
        assertTrue(writer.writeIfChanged(image, REFERENCE, tar, store));
        assertFalse(writer.writeIfChanged(image, REFERENCE, tar, store), "same image, file untouched");
        assertTrue(writer.writeIfChanged(image, ImageReference.parse("app:2"), tar, store), "another reference");

        byte[] good = Files.readAllBytes(tar);
        Files.write(tar, new byte[] {1, 2, 3});
        assertTrue(writer.writeIfChanged(image, ImageReference.parse("app:2"), tar, store), "the file was changed");
        assertArrayEquals(good, Files.readAllBytes(tar));
    }
}
