package dev.zeroimage.index;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.registry.PushFixtures;
import dev.zeroimage.registry.RegistryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The index goal's core without tools: sources told apart, tars merged with manifests untouched, errors. */
class IndexMergeTest {
    private static final Instant TIME = Instant.parse("2024-01-02T03:04:05Z");
    private static final ImageReference NAME = ImageReference.parse("registry.example.com/team/app:1.0");

    @TempDir
    Path dir;

    private Image image(BlobStore store, String arch, ImageFormat format) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(arch + "-" + format));
        Path executable = arch.equals("amd64") ? TestExecutables.staticAmd64(folder.resolve("app"))
                : TestExecutables.staticArm64(folder.resolve("app"));
        return PushFixtures.build(store, BuildOptions.builder(executable).format(format), platform -> BaseImage.scratch());
    }

    private Path tar(Image image, String name) throws Exception {
        Path tar = dir.resolve(name);
        new OciArchiveWriter(TIME).write(image, NAME, tar);
        return tar;
    }

    private IndexSources sources(BlobStore store) {
        return new IndexSources(store, reference -> {
            throw new AssertionError("no registry in this test: " + reference);
        }, message -> { });
    }

    @Test
    void sourcesAreFilesOrRegistryReferences() throws Exception {
        Path tar = Files.writeString(dir.resolve("app-image.tar"), "x");
        Files.createDirectories(dir.resolve("layout"));
        assertEquals(tar, IndexSource.parse("app-image.tar", dir).archive());
        assertEquals(dir.resolve("layout"), IndexSource.parse("layout", dir).archive());
        IndexSource reference = IndexSource.parse("ghcr.io/acme/app:1.0-arm64", dir);
        assertTrue(reference.isRegistry());
        assertEquals("acme/app", reference.reference().repository());
        assertEquals("1.0-arm64", reference.reference().tag());
        IndexSource pinned = IndexSource.parse("localhost:5000/app@sha256:" + "a".repeat(64), dir);
        assertEquals("localhost:5000", pinned.reference().registry());
        assertNull(pinned.archive());

        ZeroImageException missing = assertThrows(ZeroImageException.class,
                () -> IndexSource.parse("../amd64/target/app-image.tar", dir));
        assertTrue(missing.getMessage().contains("../amd64/target/app-image.tar (in images) does not exist"),
                missing.getMessage());
        ZeroImageException neither = assertThrows(ZeroImageException.class, () -> IndexSource.parse("app:1.0", dir));
        assertTrue(neither.getMessage().contains("neither a file") && neither.getMessage().contains("host/repository:tag"),
                neither.getMessage());
    }

    @Test
    void twoSingleTarsMergeIntoAnIndexOverTheirUnchangedManifests() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Image amd64 = image(store, "amd64", ImageFormat.OCI);
        Image arm64 = image(store, "arm64", ImageFormat.OCI);
        List<IndexSource> sources = List.of(IndexSource.parse(tar(amd64, "amd64.tar").toString(), dir),
                IndexSource.parse(tar(arm64, "arm64.tar").toString(), dir));
        BlobStore other = new BlobStore(dir.resolve("other-cache"));
        List<SourcedImage> read = sources(other).read(sources, true);
        MultiPlatformImage index = IndexMerger.merge(read, Map.of("a", "b"), ImageFormat.OCI);

        assertEquals(MultiPlatformImage.assemble(List.of(amd64, arm64), Map.of("a", "b"), ImageFormat.OCI).digest(),
                index.digest(), "the same index as assembling the built images");
        assertEquals(List.of(amd64.digest(), arm64.digest()), index.images().stream().map(Image::digest).toList());
        assertEquals(List.of(amd64.digest().toString(), arm64.digest().toString()),
                index.index().manifests().stream().map(entry -> entry.digest().toString()).toList());
        assertFalse(IndexMerger.allFromRegistries(sources));

        // An index tar contributes all its platforms: merging it again gives the same index.
        Path indexTar = dir.resolve("index.tar");
        new OciArchiveWriter(TIME).write(index, NAME, indexTar);
        MultiPlatformImage again = IndexMerger.merge(sources(other).read(
                List.of(IndexSource.parse(indexTar.toString(), dir)), true), Map.of("a", "b"), ImageFormat.OCI);
        assertEquals(index.digest(), again.digest());
    }

    @Test
    void aPlatformFromTwoSourcesFailsNamingBoth() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Image amd64 = image(store, "amd64", ImageFormat.OCI);
        Image arm64 = image(store, "arm64", ImageFormat.OCI);
        Path first = tar(amd64, "first.tar");
        Path index = dir.resolve("both.tar");
        new OciArchiveWriter(TIME).write(MultiPlatformImage.assemble(List.of(arm64, amd64), Map.of(), ImageFormat.OCI),
                NAME, index);
        List<SourcedImage> read = sources(store).read(List.of(IndexSource.parse("first.tar", dir),
                IndexSource.parse("both.tar", dir)), true);
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> IndexMerger.merge(read, Map.of(), ImageFormat.OCI));
        assertEquals("Duplicate platform linux/amd64 in images: both first.tar and both.tar hold an image for it."
                + " An index has one image per platform: remove one of them from images (zeroimage.images)", e.getMessage());
        assertTrue(Files.exists(first));
    }

    @Test
    void aDockerManifestListRefusesOciManifestsAndTakesDockerOnes() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        List<SourcedImage> oci = sources(store).read(List.of(
                IndexSource.parse(tar(image(store, "amd64", ImageFormat.OCI), "oci.tar").toString(), dir)), true);
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> IndexMerger.merge(oci, Map.of(), ImageFormat.DOCKER));
        assertTrue(e.getMessage().startsWith("format=docker makes a Docker manifest list, but the linux/amd64 image from "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Set format=oci"), e.getMessage());

        List<SourcedImage> docker = new ArrayList<>();
        docker.addAll(sources(store).read(List.of(
                IndexSource.parse(tar(image(store, "amd64", ImageFormat.DOCKER), "d1.tar").toString(), dir),
                IndexSource.parse(tar(image(store, "arm64", ImageFormat.DOCKER), "d2.tar").toString(), dir)), true));
        MultiPlatformImage list = IndexMerger.merge(docker, Map.of("dropped", "x"), ImageFormat.DOCKER);
        assertEquals(MediaType.DOCKER_MANIFEST_LIST, list.descriptor().mediaType());
        list.index().manifests().forEach(entry -> assertEquals(MediaType.DOCKER_MANIFEST, entry.mediaType()));
        // An OCI index may list Docker manifests: kept as they are.
        MultiPlatformImage ociOverDocker = IndexMerger.merge(docker, Map.of(), ImageFormat.OCI);
        assertEquals(MediaType.OCI_INDEX, ociOverDocker.descriptor().mediaType());
        assertEquals(docker.get(0).image().digest(), ociOverDocker.index().manifests().get(0).digest());
    }

    @Test
    void noSourcesIsAnError() {
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> sources(new BlobStore(dir.resolve("cache"))).read(List.of(), true));
        assertTrue(e.getMessage().contains("images (zeroimage.images)"), e.getMessage());
    }

    @Test
    void aRegistrySourceOfflineFailsSayingSo() throws Exception {
        IndexSources offline = new IndexSources(new BlobStore(dir.resolve("cache")),
                reference -> new RegistryOptions(RegistryOptions.defaults().transport(), java.util.Set.of(),
                        dev.zeroimage.auth.CredentialSource.ANONYMOUS, 1, java.time.Duration.ofMillis(1), true),
                message -> fail(message));
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> offline.read(List.of(IndexSource.parse("registry.example.com/app:1.0-arm64", dir)), false));
        assertTrue(e.getMessage().contains("offline mode is on"), e.getMessage());
    }
}
