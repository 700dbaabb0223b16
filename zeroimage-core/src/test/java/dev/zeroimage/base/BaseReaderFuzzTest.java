package dev.zeroimage.base;

import dev.zeroimage.image.BaseImage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.layer.LayerFiles;
import dev.zeroimage.testing.Fuzz;
import dev.zeroimage.util.Progress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.BASE_PASSWD;
import static dev.zeroimage.base.BaseFromFixtures.JSON;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.HostileBases.LayerBlob;
import static dev.zeroimage.base.HostileBases.file;
import static dev.zeroimage.base.HostileBases.layerTar;
import static dev.zeroimage.base.HostileBases.layout;
import static dev.zeroimage.base.HostileBases.link;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded mutations of every kind of base archive (OCI layout directory, OCI layout tar, docker
 * save tar) and of the JSON documents: reading them, and scanning the layers of what was read as
 * the user and loader checks do, either works or ends in a ZeroImageException; nothing else
 * escapes, no case hangs, none runs out of memory (the fuzz execution runs under -Xmx256m).
 */
@Tag("fuzz")
class BaseReaderFuzzTest {
    @TempDir
    Path dir;

    private BlobStore store;
    private LayerBlob users;
    private LayerBlob links;

    @BeforeEach
    void setUp() throws IOException {
        store = new BlobStore(dir.resolve("cache"));
        users = LayerBlob.gzip(HostileBases.passwdLayer(BASE_PASSWD));
        links = LayerBlob.gzip(layerTar(tar -> {
            file(tar, "lib/ld-musl-x86_64.so.1", new byte[300]);
            link(tar, "lib64", "lib", false);
            link(tar, "etc/passwd", "etc/passwd", true);
            file(tar, "etc/.wh.group", new byte[0]);
        }));
    }

    /** Blob, config, manifest and index mutated one at a time, each re-digested so that the reader gets past the digests. */
    @Test
    void mutatedLayoutDirectories() throws IOException {
        Random random = new Random(1);
        Fuzz.Outcome outcome = Fuzz.run("layout directory", 500, i -> {
            Path layoutDir = dir.resolve("layout-" + (i % 4));
            try {
                deleteTree(layoutDir);
                HostileBases.Layout layout = layout(users, links);
                int target = random.nextInt(6);
                if (target == 0) {
                    int which = random.nextInt(2);
                    layout.layers.set(which, mutatedBlob(layout.layers.get(which), random));
                } else if (target == 1) {
                    mutateJson(layout.config, random);
                }
                long seed = random.nextLong();
                layout.write(layoutDir, manifest -> {
                    if (target == 2) {
                        mutateJson(manifest, new Random(seed));
                    }
                }, index -> {
                    if (target == 3) {
                        mutateJson(index, new Random(seed));
                    }
                });
                if (target >= 4) {
                    Path index = layoutDir.resolve("index.json");
                    Files.write(index, Fuzz.mutate(Files.readAllBytes(index), random));
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return () -> resolveAndScan(layoutDir);
        });
        assertTrue(outcome.accepted() > 0 && outcome.rejected() > 0, outcome::toString);
    }

    @Test
    void mutatedOciLayoutTars() throws IOException {
        Path layoutDir = layout(users, links).write(dir.resolve("layout"));
        byte[] tar = Files.readAllBytes(HostileBases.tarDirectory(layoutDir, dir.resolve("original.tar")));
        Random random = new Random(2);
        Fuzz.Outcome outcome = Fuzz.run("OCI tar", 500, i -> {
            byte[] mutated = Fuzz.mutate(tar, random);
            return () -> resolveAndScan(Files.write(dir.resolve("fuzzed-" + (i % 4) + ".tar"), mutated));
        });
        assertTrue(outcome.rejected() > 0, outcome::toString);
    }

    @Test
    void mutatedDockerSaveTars() throws IOException {
        byte[] usersTar = HostileBases.passwdLayer(BASE_PASSWD);
        byte[] tar = Files.readAllBytes(new HostileBases.DockerSave()
                .layer("bbb", usersTar)
                .linkedLayer("ccc/layer.tar", "../bbb/layer.tar", false, BaseFromFixtures.sha256(usersTar))
                .write(dir.resolve("docker.tar")));
        Random random = new Random(3);
        Fuzz.Outcome outcome = Fuzz.run("docker save", 400, i -> {
            byte[] mutated = Fuzz.mutate(tar, random);
            return () -> resolveAndScan(Files.write(dir.resolve("fuzzed-" + (i % 4) + ".tar"), mutated));
        });
        assertTrue(outcome.rejected() > 0, outcome::toString);
    }

    /** The JSON model alone: byte and structure mutations of an index, a manifest, a config, a docker-save manifest. */
    @Test
    void mutatedJsonDocuments() throws IOException {
        Path layoutDir = layout(users, links).write(dir.resolve("layout"));
        JsonNode index = JSON.readTree(layoutDir.resolve("index.json").toFile());
        String manifestDigest = index.path("manifests").get(0).path("digest").asText();
        JsonNode manifest = JSON.readTree(BaseFromFixtures.blobPath(layoutDir, manifestDigest).toFile());
        JsonNode config = JSON.readTree(BaseFromFixtures.blobPath(layoutDir,
                manifest.path("config").path("digest").asText()).toFile());
        List<JsonNode> documents = List.of(index, manifest, config);
        List<Class<?>> types = List.of(ImageIndex.class, Manifest.class, ImageConfig.class);
        Random random = new Random(4);
        Fuzz.Outcome outcome = Fuzz.run("JSON model", 1500, i -> {
            int which = i % 3;
            byte[] bytes;
            try {
                if (random.nextBoolean()) {
                    JsonNode copy = documents.get(which).deepCopy();
                    mutateJson(copy, random);
                    bytes = JSON.writeValueAsBytes(copy);
                } else {
                    bytes = Fuzz.mutate(JSON.writeValueAsBytes(documents.get(which)), random);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return () -> {
                Object value = Json.read(bytes, types.get(which), "fuzzed document");
                // What the model gives must serialise again (configs are re-written into our image).
                Json.toBytes(value);
            };
        });
        assertTrue(outcome.accepted() > 0 && outcome.rejected() > 0, outcome::toString);
    }

    // ---------------------------------------------------------------------------------------------

    /** Reads the base, then scans its layers as the loader and user checks do. */
    private void resolveAndScan(Path archive) throws IOException {
        BaseImage base = resolver(store, insecure("unused.invalid", true)).resolve(new BaseSpec.Archive(archive), AMD64);
        LayerFiles files = new LayerFiles(base.layers(), "fuzzed", Progress.NONE);
        files.exists("/lib64/ld-musl-x86_64.so.1");
        files.read("/etc/passwd");
    }

    private static LayerBlob mutatedBlob(LayerBlob layer, Random random) {
        return new LayerBlob(Fuzz.mutate(layer.blob(), random), layer.mediaType(), layer.diffId());
    }

    private static final List<String> REPLACEMENTS = List.of("null", "0", "-1", "9223372036854775807", "\"\"",
            "\"sha256:zz\"", "\"x\"", "[]", "{}", "[null]", "true", "1.5e300");

    /** Replaces or removes one random value somewhere in {@code node}. */
    static void mutateJson(JsonNode node, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collectContainers(node, containers);
        JsonNode container = containers.get(random.nextInt(containers.size()));
        JsonNode replacement;
        try {
            replacement = JSON.readTree(REPLACEMENTS.get(random.nextInt(REPLACEMENTS.size())));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (container instanceof ObjectNode object && !object.isEmpty()) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(5) == 0) {
                object.remove(name);
            } else {
                object.set(name, replacement);
            }
        } else if (container instanceof ArrayNode array && !array.isEmpty()) {
            array.set(random.nextInt(array.size()), replacement);
        } else if (container instanceof ArrayNode array) {
            array.add(replacement);
        } else if (container instanceof ObjectNode object) {
            object.set("x", replacement);
        }
    }

    private static void collectContainers(JsonNode node, List<JsonNode> containers) {
        if (node.isContainerNode()) {
            containers.add(node);
            node.forEach(child -> collectContainers(child, containers));
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
