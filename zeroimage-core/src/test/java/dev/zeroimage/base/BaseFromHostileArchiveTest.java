package dev.zeroimage.base;

import dev.zeroimage.image.BaseImage;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Layer;
import dev.zeroimage.layer.LayerFiles;
import dev.zeroimage.util.Progress;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

import static dev.zeroimage.base.BaseFromFixtures.AMD64;
import static dev.zeroimage.base.BaseFromFixtures.BASE_PASSWD;
import static dev.zeroimage.base.BaseFromFixtures.JSON;
import static dev.zeroimage.base.BaseFromFixtures.assertStoreIsSound;
import static dev.zeroimage.base.BaseFromFixtures.insecure;
import static dev.zeroimage.base.BaseFromFixtures.resolver;
import static dev.zeroimage.base.BaseFromFixtures.sha256;
import static dev.zeroimage.base.HostileBases.LayerBlob;
import static dev.zeroimage.base.HostileBases.file;
import static dev.zeroimage.base.HostileBases.layerTar;
import static dev.zeroimage.base.HostileBases.layout;
import static dev.zeroimage.base.HostileBases.link;
import static dev.zeroimage.base.HostileBases.passwdLayer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Base images that lie or attack (issue 9): links in archives, diff_ids that do not match, gzip
 * bombs, hostile sizes, null fields, damaged layers. Each is either read correctly or refused with
 * a ZeroImageException naming the file, layer or field. JDK only: no tools needed.
 */
class BaseFromHostileArchiveTest {
    @TempDir
    Path dir;

    private BlobStore store;

    @BeforeEach
    void setUp() {
        store = new BlobStore(dir.resolve("cache"));
    }

    // ------------------------------------------------------------------ links in archives

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dockerSaveRepeatedLayerStoredAsLinkIsReadThroughIt(boolean hard) throws Exception {
        byte[] users = passwdLayer(BASE_PASSWD);
        byte[] marker = layerTar(tar -> file(tar, "etc/marker", "2".getBytes(StandardCharsets.UTF_8)));
        // As moby's save writes it: the repeated layer's second occurrence links to the first.
        Path archive = new HostileBases.DockerSave()
                .layer("bbb", users)
                .layer("aaa", marker)
                .linkedLayer("ccc/layer.tar", hard ? "bbb/layer.tar" : "../bbb/layer.tar", hard, sha256(users))
                .write(dir.resolve("docker.tar"));

        BaseImage base = resolve(archive);

        assertEquals(3, base.layers().size());
        Layer linked = base.layers().get(2);
        assertEquals(users.length, linked.descriptor().size(), "the linked layer must have the target's bytes");
        assertEquals(sha256(users), linked.descriptor().digest().toString());
        assertEquals(sha256(users), linked.diffId().toString());
        assertEquals(users.length, Files.size(linked.blob()));
        assertEquals(Optional.of(BASE_PASSWD), new LayerFiles(base.layers()).read("/etc/passwd"));
        assertStoreIsSound(store);
    }

    @Test
    void dockerSaveLayerInALinkedDirectoryIsFound() throws Exception {
        byte[] users = passwdLayer(BASE_PASSWD);
        Path archive = new HostileBases.DockerSave()
                .layer("bbb", users)
                .linkedLayer("ccc", "bbb", false, sha256(users))
                .write(dir.resolve("docker.tar"));
        // The manifest names ccc/layer.tar; ccc itself is the link (a directory link).
        byte[] manifest = ("[{\"Config\":\"" + configName(archive) + "\",\"Layers\":[\"bbb/layer.tar\","
                + "\"ccc/layer.tar\"]}]").getBytes(StandardCharsets.UTF_8);
        Path rewritten = rewriteEntry(archive, "manifest.json", manifest);

        BaseImage base = resolve(rewritten);
        assertEquals(base.layers().get(0).descriptor(), base.layers().get(1).descriptor());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc/passwd", "/etc/passwd", "../../../bbb/layer.tar", ""})
    void dockerSaveLinkLeavingTheArchiveIsRefusedNamingTheEntry(String target) throws Exception {
        byte[] users = passwdLayer(BASE_PASSWD);
        Path archive = new HostileBases.DockerSave()
                .layer("bbb", users)
                .linkedLayer("ccc/layer.tar", target, false, sha256(users))
                .write(dir.resolve("docker.tar"));
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> resolve(archive));
        assertContains(e, "ccc/layer.tar", "outside the archive", archive.toString());
        assertStoreIsSound(store);
    }

    @Test
    void hardLinkLeavingTheArchiveIsRefused() throws Exception {
        byte[] users = passwdLayer(BASE_PASSWD);
        Path archive = new HostileBases.DockerSave()
                .layer("bbb", users)
                .linkedLayer("ccc/layer.tar", "../outside/layer.tar", true, sha256(users))
                .write(dir.resolve("docker.tar"));
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(archive)), "ccc/layer.tar",
                "outside the archive");
    }

    @Test
    void linkLoopIsRefused() throws Exception {
        byte[] users = passwdLayer(BASE_PASSWD);
        HostileBases.DockerSave save = new HostileBases.DockerSave().layer("bbb", users)
                .linkedLayer("ccc/layer.tar", "../ddd/layer.tar", false, sha256(users))
                .linkedLayer("ddd/layer.tar", "../ccc/layer.tar", false, sha256(users));
        Path archive = save.write(dir.resolve("docker.tar"));
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(archive)), "loop");
    }

    @Test
    void ociTarWithLinkedIndexJsonIsRead() throws Exception {
        Path layoutDir = layout(LayerBlob.gzip(passwdLayer(BASE_PASSWD))).write(dir.resolve("layout"));
        byte[] index = Files.readAllBytes(layoutDir.resolve("index.json"));
        String indexBlob = BaseFromFixtures.writeBlob(layoutDir, index);
        Files.delete(layoutDir.resolve("index.json"));
        Path archive = HostileBases.tarDirectory(layoutDir, dir.resolve("base.tar"));
        appendEntries(archive, tar -> link(tar, "index.json", "blobs/sha256/" + indexBlob.substring(7), false));

        BaseImage base = resolve(archive);
        assertEquals(Optional.of(BASE_PASSWD), new LayerFiles(base.layers()).read("/etc/passwd"));
    }

    @Test
    void ociTarBlobLinkedToAnotherBlobIsRefused() throws Exception {
        LayerBlob layer = LayerBlob.gzip(passwdLayer(BASE_PASSWD));
        Path layoutDir = layout(layer).write(dir.resolve("layout"));
        Path layerFile = BaseFromFixtures.blobPath(layoutDir, sha256(layer.blob()));
        byte[] other = "another blob".getBytes(StandardCharsets.UTF_8);
        String otherDigest = BaseFromFixtures.writeBlob(layoutDir, other);
        Files.delete(layerFile);
        Path archive = HostileBases.tarDirectory(layoutDir, dir.resolve("base.tar"));
        appendEntries(archive, tar -> link(tar, "blobs/sha256/" + layerFile.getFileName(), otherDigest.substring(7),
                false));

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> resolve(archive));
        assertContains(e, "blobs/sha256/" + layerFile.getFileName(), "does not match its digest");
        assertStoreIsSound(store);
    }

    @Test
    void ociTarSymlinkLeavingTheArchiveIsRefused() throws Exception {
        Path layoutDir = layout(LayerBlob.gzip(passwdLayer(BASE_PASSWD))).write(dir.resolve("layout"));
        Path archive = HostileBases.tarDirectory(layoutDir, dir.resolve("base.tar"));
        appendEntries(archive, tar -> link(tar, "blobs/sha256/escape", "../../../../etc/shadow", false));
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(archive)), "blobs/sha256/escape",
                "outside the archive");
    }

    // ------------------------------------------------------------------ what a base claims

    @Test
    void layerNotMatchingItsDiffIdIsRefusedWhenScanned() throws Exception {
        LayerBlob layer = LayerBlob.gzip(passwdLayer(BASE_PASSWD))
                .withDiffId(sha256("something else".getBytes(StandardCharsets.UTF_8)));
        Path layoutDir = layout(layer).write(dir.resolve("layout"));
        BaseImage base = resolve(layoutDir);

        LayerFiles files = new LayerFiles(base.layers(), "ghcr.io/x/y:1", Progress.NONE);
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> files.read("/etc/passwd"));
        assertContains(e, "does not match its diff_id", sha256(layer.blob()), "ghcr.io/x/y:1", layer.diffId());
    }

    @Test
    void uncompressedLayerNotMatchingItsDiffIdIsRefused() throws Exception {
        byte[] users = passwdLayer(BASE_PASSWD);
        HostileBases.DockerSave save = new HostileBases.DockerSave().layer("bbb", users);
        ((ArrayNode) save.config.path("rootfs").path("diff_ids")).set(0, sha256(new byte[1]));
        Path archive = save.write(dir.resolve("docker.tar"));
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(archive)), "uncompressed layer",
                sha256(users), sha256(new byte[1]));

        Path layoutDir = layout(LayerBlob.uncompressed(users).withDiffId(sha256(new byte[2])))
                .write(dir.resolve("layout"));
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(layoutDir)), "uncompressed layer",
                sha256(users));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "\"sha256:xyz\"", "\"md5:00\"", "7", "{}"})
    void badDiffIdEntryIsAClearError(String value) throws Exception {
        HostileBases.Layout layout = layout(LayerBlob.gzip(passwdLayer(BASE_PASSWD)));
        ((ArrayNode) layout.config.path("rootfs").path("diff_ids")).set(0, JSON.readTree(value));
        Path layoutDir = layout.write(dir.resolve("layout"));
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(layoutDir)), "config of base image",
                "rootfs.diff_ids[0]");
    }

    @Test
    void pushArchiveWithFewerDiffIdsThanLayersIsAClearError() throws Exception {
        HostileBases.Layout layout = layout(LayerBlob.gzip(passwdLayer(BASE_PASSWD)),
                LayerBlob.gzip(passwdLayer("other:x:1:1::/:/bin/sh\n")));
        ((ArrayNode) layout.config.path("rootfs").path("diff_ids")).remove(1);
        Path layoutDir = layout.write(dir.resolve("layout"), manifest -> { }, index -> { });
        Path archive = HostileBases.tarDirectory(layoutDir, dir.resolve("app.tar"));

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new ImageArchiveReader(store).loadImage(archive));
        assertContains(e, archive.toString(), "2 layers", "1 diff_ids");
    }

    // ------------------------------------------------------------------ bounded scans

    @Test
    void gzipBombIsRefusedNamingTheLayer() throws Exception {
        // 32 MiB of zeros compress to about 32 KiB; allowed: 1 MiB or 10 times the blob.
        Path bombBlob = dir.resolve("bomb.gz");
        String diffId = writeGzippedTar(bombBlob, "zeros", 32L << 20);
        byte[] blob = Files.readAllBytes(bombBlob);
        Path layoutDir = layout(new LayerBlob(blob, MediaType.OCI_LAYER_GZIP, diffId)).write(dir.resolve("layout"));
        BaseImage base = resolve(layoutDir);

        LayerFiles files = new LayerFiles(base.layers(), "bomb:1", Progress.NONE,
                new LayerFiles.Limits(1 << 20, 10, 1L << 40, 1000, 1 << 20));
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> files.exists("/lib/ld.so"));
        assertContains(e, "gzip bomb", sha256(blob), "bomb:1");
        // With the generous default the same layer is fine.
        assertFalse(new LayerFiles(base.layers(), "bomb:1", Progress.NONE).exists("/lib/ld.so"));
    }

    @Test
    void floodOfEntriesIsRefused() throws Exception {
        byte[] tar = layerTar(out -> {
            for (int i = 0; i < 50; i++) {
                file(out, "f" + i, new byte[0]);
            }
        });
        BaseImage base = resolve(layout(LayerBlob.gzip(tar)).write(dir.resolve("layout")));
        LayerFiles files = new LayerFiles(base.layers(), "many:1", Progress.NONE,
                new LayerFiles.Limits(1 << 20, 10, 1L << 40, 20, 1 << 20));
        assertContains(assertThrows(ZeroImageException.class, () -> files.exists("/x")), "more than 20 files",
                "many:1");
    }

    @Test
    void scanReportsProgressOverTheCompressedBytes() throws Exception {
        LayerBlob one = LayerBlob.gzip(passwdLayer(BASE_PASSWD));
        LayerBlob two = LayerBlob.gzip(layerTar(tar -> file(tar, "big", new byte[200_000])));
        BaseImage base = resolve(layout(one, two).write(dir.resolve("layout")));
        List<String> tasks = new ArrayList<>();
        AtomicLong advanced = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        Progress progress = (task, total) -> {
            tasks.add(task + " / " + total);
            return new Progress.Tracker() {
                @Override
                public void advance(long bytes) {
                    advanced.addAndGet(bytes);
                }

                @Override
                public void finish() {
                    finished.incrementAndGet();
                }
            };
        };
        assertFalse(new LayerFiles(base.layers(), "b:1", progress).exists("/nothing"));
        assertEquals(List.of("Scanning base layer " + sha256(one.blob()).substring(7, 19) + " / " + one.blob().length,
                "Scanning base layer " + sha256(two.blob()).substring(7, 19) + " / " + two.blob().length), tasks);
        assertEquals(one.blob().length + two.blob().length, advanced.get());
        assertEquals(2, finished.get());
    }

    // ------------------------------------------------------------------ hostile sizes

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax"})
    void hugeEntryNameInALayerIsRefusedWithoutReadingIt(String kind) throws Exception {
        // The header claims 3 GiB of name; only the first MiB is there, and none of it may be read.
        Path blobFile = dir.resolve("longname.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(blobFile))) {
            writeHugeNameHeader(out, kind);
        }
        byte[] blob = Files.readAllBytes(blobFile);
        BaseImage base = resolve(layout(new LayerBlob(blob, MediaType.OCI_LAYER_GZIP, sha256(new byte[0])))
                .write(dir.resolve("layout")));
        LayerFiles files = new LayerFiles(base.layers(), "huge:1", Progress.NONE);
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> files.read("/etc/passwd"));
        assertContains(e, sha256(blob), "huge:1", String.valueOf(3L << 30), "refusing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gnu", "pax"})
    void hugeEntryNameInTheOuterTarIsRefused(String kind) throws Exception {
        Path archive = dir.resolve("base.tar");
        try (OutputStream out = Files.newOutputStream(archive)) {
            writeHugeNameHeader(out, kind);
        }
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> resolve(archive));
        assertContains(e, archive.toString(), String.valueOf(3L << 30));
    }

    @Test
    void longButHonestNameIsRefusedOverTheNameLimit() throws Exception {
        // Written by hand: commons-compress takes a minute to write such a PAX header.
        byte[] tar = paxNamedTar("d/".repeat(40_000) + "f");
        BaseImage base = resolve(layout(LayerBlob.gzip(tar)).write(dir.resolve("layout")));
        assertContains(assertThrows(ZeroImageException.class, () -> new LayerFiles(base.layers(), "n:1",
                Progress.NONE).exists("/f")), "80001 characters", "n:1");
    }

    @Test
    void oversizedIndexJsonInALayoutDirectoryIsRefused() throws Exception {
        Path layoutDir = layout(LayerBlob.gzip(passwdLayer(BASE_PASSWD))).write(dir.resolve("layout"));
        byte[] index = Files.readAllBytes(layoutDir.resolve("index.json"));
        byte[] padded = new byte[9 << 20];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(index, 0, padded, 0, index.length);
        Files.write(layoutDir.resolve("index.json"), padded);
        assertContains(assertThrows(ZeroImageException.class, () -> resolve(layoutDir)), "index.json",
                layoutDir.toString(), "refusing");
    }

    // ------------------------------------------------------------------ null and wrong-typed fields

    @ParameterizedTest
    @ValueSource(strings = {
            "index:manifests[0].digest=null", "index:manifests[0]=null", "index:manifests[0].digest=5",
            "index:manifests[0].size=-1", "index:manifests[0].platform.os=null", "index:manifests=\"x\"",
            "manifest:layers[0].digest=null", "manifest:layers[0]=null", "manifest:config.digest=null",
            "manifest:layers[0].size=\"big\"", "manifest:config=7",
            "config:config.Env[0]=null", "config:config.Env=\"PATH=/bin\"", "config:rootfs.diff_ids=null",
            "config:rootfs.diff_ids[0]=null", "config:history=[null]", "config:config=[]", "config:rootfs=\"x\""})
    void nullOrWrongTypedFieldIsAClearError(String mutation) throws Exception {
        String document = mutation.substring(0, mutation.indexOf(':'));
        String field = mutation.substring(mutation.indexOf(':') + 1, mutation.indexOf('='));
        String value = mutation.substring(mutation.indexOf('=') + 1);
        HostileBases.Layout layout = layout(LayerBlob.gzip(passwdLayer(BASE_PASSWD)));
        layout.config.putArray("history").addObject().put("created_by", "x");
        if (document.equals("config")) {
            set(layout.config, field, value);
        }
        Path layoutDir = layout.write(dir.resolve("layout"),
                manifest -> set(document.equals("manifest") ? manifest : null, field, value),
                index -> set(document.equals("index") ? index : null, field, value));

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> resolve(layoutDir));
        assertContains(e, layoutDir.toString());
        String top = field.replaceAll("[.\\[].*", "");
        assertTrue(e.getMessage().contains(top), "expected the field " + top + " in: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[null]", "[{\"Config\":null,\"Layers\":[]}]", "[{\"Config\":5,\"Layers\":[null]}]",
            "[{\"Config\":\"CONFIG\",\"Layers\":[null]}]", "[{\"Config\":\"CONFIG\",\"Layers\":\"bbb/layer.tar\"}]",
            "{\"Config\":\"CONFIG\"}", "null", "[{\"Config\":\"CONFIG\",\"Layers\":[7]}]"})
    void badDockerSaveManifestIsAClearError(String manifest) throws Exception {
        HostileBases.DockerSave save = new HostileBases.DockerSave().layer("bbb", passwdLayer(BASE_PASSWD));
        Path archive = save.write(dir.resolve("docker.tar"));
        Path spoiled = rewriteEntry(archive, "manifest.json",
                manifest.replace("CONFIG", configName(archive)).getBytes(StandardCharsets.UTF_8));
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> resolve(spoiled));
        assertContains(e, "manifest.json", spoiled.toString());
    }

    // ------------------------------------------------------------------ damaged layers, named

    @Test
    void truncatedGzipLayerIsNamed() throws Exception {
        byte[] gz = BaseFromFixtures.gzip(passwdLayer(BASE_PASSWD));
        byte[] cut = Arrays.copyOf(gz, gz.length - 12);
        BaseImage base = resolve(layout(new LayerBlob(cut, MediaType.OCI_LAYER_GZIP, sha256(new byte[0])))
                .write(dir.resolve("layout")));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new LayerFiles(base.layers(), "ghcr.io/x/y:1", Progress.NONE).read("/etc/passwd"));
        assertContains(e, "truncated gzip in layer " + sha256(cut) + " of base ghcr.io/x/y:1");
        assertFalse(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void layerThatIsNotGzipIsNamed() throws Exception {
        byte[] tar = passwdLayer(BASE_PASSWD);
        BaseImage base = resolve(layout(new LayerBlob(tar, MediaType.OCI_LAYER_GZIP, sha256(tar)))
                .write(dir.resolve("layout")));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new LayerFiles(base.layers(), "ghcr.io/x/y:1", Progress.NONE).read("/etc/passwd"));
        assertContains(e, "layer " + sha256(tar) + " of base ghcr.io/x/y:1", "not gzip");
    }

    @Test
    void garbageTarInsideGoodGzipIsNamed() throws Exception {
        byte[] garbage = new byte[4096];
        new java.util.Random(3).nextBytes(garbage);
        BaseImage base = resolve(layout(LayerBlob.gzip(garbage)).write(dir.resolve("layout")));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new LayerFiles(base.layers(), "x:1", Progress.NONE).exists("/etc/passwd"));
        assertContains(e, "invalid tar in layer", "x:1");
    }

    // ------------------------------------------------------------------ hard-linked /etc/passwd

    @Test
    void hardLinkedPasswdIsReadThroughTheLink() throws Exception {
        byte[] lower = layerTar(tar -> file(tar, "usr/share/base-passwd/passwd", BASE_PASSWD.getBytes(
                StandardCharsets.UTF_8)));
        byte[] upper = layerTar(tar -> {
            link(tar, "etc/passwd", "usr/share/base-passwd/passwd", true);
            file(tar, "etc/group.master", "root:x:0:\n".getBytes(StandardCharsets.UTF_8));
            link(tar, "./etc/group", "./etc/group.master", true);
        });
        BaseImage base = resolve(layout(LayerBlob.gzip(lower), LayerBlob.gzip(upper)).write(dir.resolve("layout")));
        LayerFiles files = new LayerFiles(base.layers());
        assertEquals(Optional.of(BASE_PASSWD), files.read("/etc/passwd"));
        assertEquals(Optional.of("root:x:0:\n"), files.read("/etc/group"));
        assertTrue(files.exists("/etc/passwd"));
    }

    // ---------------------------------------------------------------------------------------------

    private BaseImage resolve(Path archive) throws IOException {
        return resolver(store, insecure("unused.invalid", true)).resolve(new BaseSpec.Archive(archive), AMD64);
    }

    private static void assertContains(Exception e, String... words) {
        for (String word : words) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(word),
                    "expected '" + word + "' in: " + e.getMessage());
        }
    }

    /** Sets {@code path} (like {@code manifests[0].digest}) in {@code node} to the JSON {@code value}. */
    private static void set(com.fasterxml.jackson.databind.JsonNode node, String path, String value) {
        if (node == null) {
            return;
        }
        try {
            String[] parts = path.replace("[", ".[").split("\\.");
            com.fasterxml.jackson.databind.JsonNode parent = node;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = parts[i].startsWith("[") ? parent.get(index(parts[i])) : parent.get(parts[i]);
            }
            String last = parts[parts.length - 1];
            com.fasterxml.jackson.databind.JsonNode parsed = JSON.readTree(value);
            if (last.startsWith("[")) {
                ((ArrayNode) parent).set(index(last), parsed);
            } else {
                ((ObjectNode) parent).set(last, parsed);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int index(String part) {
        return Integer.parseInt(part.substring(1, part.length() - 1));
    }

    private static String configName(Path dockerSave) throws IOException {
        try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                Files.newInputStream(dockerSave))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().matches("[a-f0-9]{64}\\.json")) {
                    return entry.getName();
                }
            }
        }
        throw new AssertionError("no config in " + dockerSave);
    }

    /** A copy of the tar with the entry {@code name} replaced by {@code content}. */
    private Path rewriteEntry(Path archive, String name, byte[] content) throws IOException {
        Path copy = archive.resolveSibling("rewritten-" + archive.getFileName());
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(archive));
             TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(copy))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (entry.getName().equals(name)) {
                    file(out, name, content);
                } else {
                    out.putArchiveEntry(entry);
                    in.transferTo(out);
                    out.closeArchiveEntry();
                }
            }
        }
        return copy;
    }

    /** Adds entries at the end of a tar (rewriting it). */
    private void appendEntries(Path archive, HostileBases.TarContent extra) throws IOException {
        Path copy = archive.resolveSibling("appended-" + archive.getFileName());
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(Files.newInputStream(archive));
             TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(copy))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                out.putArchiveEntry(entry);
                in.transferTo(out);
                out.closeArchiveEntry();
            }
            extra.write(out);
        }
        Files.move(copy, archive, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** A gzipped tar of one file of {@code size} zeros, streamed; returns the tar's digest (the diff_id). */
    private static String writeGzippedTar(Path file, String name, long size) throws IOException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(file), 64 * 1024);
             OutputStream hashed = new java.security.DigestOutputStream(gz, sha);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(hashed)) {
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            byte[] zeros = new byte[64 * 1024];
            for (long left = size; left > 0; left -= zeros.length) {
                tar.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            tar.closeArchiveEntry();
        }
        return "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
    }

    /** A tar of one empty file whose name is in a PAX header. */
    private static byte[] paxNamedTar(String name) throws IOException {
        String body = " path=" + name + "\n";
        int length = body.length() + 1;
        while (length != body.length() + String.valueOf(length).length()) {
            length = body.length() + String.valueOf(length).length();
        }
        byte[] data = (length + body).getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        TarArchiveEntry pax = new TarArchiveEntry("PaxHeaders/f", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        pax.setSize(data.length);
        byte[] record = new byte[512];
        pax.writeEntryHeader(record);
        out.write(record);
        out.write(data);
        out.write(new byte[(512 - data.length % 512) % 512]);
        TarArchiveEntry file = new TarArchiveEntry("f");
        file.setSize(0);
        record = new byte[512];
        file.writeEntryHeader(record);
        out.write(record);
        out.write(new byte[1024]);
        return out.toByteArray();
    }

    /** A tar header of a GNU long name or PAX header claiming 3 GiB of data, then 1 MiB of it. */
    private static void writeHugeNameHeader(OutputStream out, String kind) throws IOException {
        TarArchiveEntry header = kind.equals("gnu")
                ? new TarArchiveEntry(TarConstants.GNU_LONGLINK, TarConstants.LF_GNUTYPE_LONGNAME)
                : new TarArchiveEntry("PaxHeaders/x", TarConstants.LF_PAX_EXTENDED_HEADER_LC);
        header.setSize(3L << 30);
        byte[] record = new byte[512];
        header.writeEntryHeader(record);
        out.write(record);
        byte[] data = new byte[1 << 20];
        Arrays.fill(data, (byte) 'a');
        if (kind.equals("pax")) {
            byte[] prefix = ("3221225472 path=").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(prefix, 0, data, 0, prefix.length);
        }
        out.write(data);
    }
}
