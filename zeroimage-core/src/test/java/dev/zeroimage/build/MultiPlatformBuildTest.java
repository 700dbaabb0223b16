package dev.zeroimage.build;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.registry.RegistryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.build.InMemoryBases.blobCount;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Builds of several executables (one platform each), on synthetic executables and in-memory bases. */
class MultiPlatformBuildTest {
    private static final Platform AMD64 = Platform.parse("linux/amd64");
    private static final Platform ARM64 = Platform.parse("linux/arm64/v8");

    @TempDir
    Path dir;

    private final List<Platform> resolvedFor = new ArrayList<>();

    private Path cache() {
        return dir.resolve("cache");
    }

    /** A base per platform, each in its own store (so the build's store starts empty). */
    private BaseResolver perPlatform(Map<String, BaseImage> bases) {
        return (spec, platform) -> {
            resolvedFor.add(platform);
            BaseImage base = bases.get(platform.architecture());
            if (base == null) {
                throw new ZeroImageException("The base image test-base has no image for " + platform);
            }
            return base;
        };
    }

    private BaseResolver scratch() {
        return (spec, platform) -> {
            resolvedFor.add(platform);
            return BaseImage.scratch();
        };
    }

    private BuildResult build(BuildOptions options, BaseResolver bases) throws Exception {
        return new ImageBuilder(new BlobStore(cache()), bases).buildAll(options);
    }

    private Path amd64(String name) throws Exception {
        return TestExecutables.staticAmd64(Files.createDirectories(dir.resolve("amd64")).resolve(name));
    }

    private Path arm64(String name) throws Exception {
        return TestExecutables.staticArm64(Files.createDirectories(dir.resolve("arm64")).resolve(name));
    }

    private static List<BuildTarget> targets(Path... files) {
        return java.util.Arrays.stream(files).map(BuildTarget::of).toList();
    }

    @Test
    void twoExecutablesMakeOneImagePerPlatformInTheConfiguredOrder() throws Exception {
        BuildResult result = build(BuildOptions.builder(targets(arm64("app"), amd64("app")))
                .creationTime(InMemoryBases.CREATED).annotations(Map.of("org.opencontainers.image.version", "1.0"))
                .build(), scratch());

        assertTrue(result.multiPlatform());
        assertEquals(List.of(ARM64, AMD64), result.platforms().stream().map(PlatformBuild::platform).toList());
        for (PlatformBuild platform : result.platforms()) {
            assertEquals(List.of("/app"), platform.image().config().config.entrypoint);
            assertEquals(1, platform.image().layers().size());
        }
        MultiPlatformImage index = result.multiPlatformImage();
        assertEquals(MediaType.OCI_INDEX, index.descriptor().mediaType());
        assertEquals(List.of(ARM64, AMD64), index.index().manifests().stream().map(Descriptor::platform).toList());
        assertEquals(result.platforms().get(0).image().digest(), index.index().manifests().get(0).digest());
        assertEquals("1.0", index.index().annotations().get("org.opencontainers.image.version"));
        assertEquals(2, blobCount(cache()), "one executable layer per platform");
    }

    @Test
    void theSameInputsGiveTheSameIndexDigestInAnotherCache() throws Exception {
        BuildOptions options = BuildOptions.builder(targets(amd64("app"), arm64("app")))
                .creationTime(InMemoryBases.CREATED).build();

        MultiPlatformImage first = new ImageBuilder(new BlobStore(dir.resolve("one")), scratch()).buildAll(options)
                .multiPlatformImage();
        MultiPlatformImage second = new ImageBuilder(new BlobStore(dir.resolve("two")), scratch()).buildAll(options)
                .multiPlatformImage();

        assertEquals(first.digest(), second.digest());
        assertArrayEquals(first.indexJson(), second.indexJson());
    }

    @Test
    void aDynamicSecondExecutableFailsNamingItsPlatformBeforeAnyBlobIsWritten() throws Exception {
        Path arm = TestExecutables.dynamicArm64(Files.createDirectories(dir.resolve("arm64")).resolve("app"),
                "/lib/ld-linux-aarch64.so.1", "libc.so.6");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> build(BuildOptions.builder(targets(amd64("app"), arm)).build(), scratch()));

        assertTrue(e.getMessage().startsWith("For linux/arm64/v8 (executable " + arm + "): "), e.getMessage());
        assertTrue(e.getMessage().contains("/lib/ld-linux-aarch64.so.1"), e.getMessage());
        assertEquals(List.of(AMD64, ARM64), resolvedFor, "both bases resolved, the first platform checked first");
        assertEquals(0, blobCount(cache()), "the first platform's layers were written before the second was checked");
    }

    @Test
    void aUserMissingFromOnePlatformsBaseFailsNamingThatPlatformBeforeAnyBlob() throws Exception {
        BaseImage amdBase = InMemoryBases.withPasswd(dir.resolve("amd-store"), "amd64");
        BaseImage armBase = InMemoryBases.withPasswd(dir.resolve("arm-store"), "arm64");
        Path conf = Files.writeString(dir.resolve("app.conf"), "x\n");

        // nonroot exists in both; app:app in neither: the first platform is the one named.
        BuildResult ok = build(BuildOptions.builder(targets(amd64("app"), arm64("app"))).user(new User("nonroot"))
                .extraFiles(List.of(new ExtraFile(conf, "/etc/app.conf", 0644)))
                .build(), perPlatform(Map.of("amd64", amdBase, "arm64", armBase)));
        assertEquals(2, ok.platforms().size());
        assertEquals(ok.platforms().get(0).image().layers().get(1).descriptor().digest(),
                ok.platforms().get(1).image().layers().get(1).descriptor().digest(),
                "one extraFiles layer for every platform");

        Path otherCache = dir.resolve("cache-2");
        ZeroImageException e = assertThrows(ZeroImageException.class, () -> new ImageBuilder(
                new BlobStore(otherCache), perPlatform(Map.of("amd64", amdBase, "arm64", armBase)))
                .buildAll(BuildOptions.builder(targets(amd64("app"), arm64("app"))).user(new User("app:app")).build()));
        assertTrue(e.getMessage().startsWith("For linux/amd64 (executable "), e.getMessage());
        assertTrue(e.getMessage().contains("user 'app:app' is not in the image's /etc/passwd"), e.getMessage());
        assertEquals(0, blobCount(otherCache));
    }

    @Test
    void aBaseWithoutOneOfThePlatformsFailsNamingTheBaseAndThePlatformBeforeAnyBlob() throws Exception {
        BaseImage amdBase = InMemoryBases.withPasswd(dir.resolve("amd-store"), "amd64");

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> build(BuildOptions.builder(
                targets(amd64("app"), arm64("app"))).build(), perPlatform(Map.of("amd64", amdBase))));

        assertTrue(e.getMessage().contains("test-base has no image for linux/arm64/v8"), e.getMessage());
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void anArchiveBaseForOnePlatformFailsForTheOtherNamingTheArchiveAndThePlatform() throws Exception {
        // A real single-platform OCI layout tar as the base, read by the product's own archive reader.
        BlobStore baseStore = new BlobStore(dir.resolve("base-cache"));
        Image amdBase = new ImageBuilder(baseStore, scratch()).build(BuildOptions.builder(amd64("base")).build());
        Path archive = dir.resolve("base.tar");
        new OciArchiveWriter(InMemoryBases.CREATED).write(amdBase, ImageReference.parse("base:1"), archive);
        BaseImageResolver resolver = new BaseImageResolver(new BlobStore(cache()), RegistryOptions.defaults(),
                Compression.DEFAULT, InMemoryBases.CREATED);

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> build(BuildOptions.builder(
                targets(amd64("app"), arm64("app"))).base(new BaseSpec.Archive(archive)).build(), resolver));

        assertTrue(e.getMessage().startsWith("For linux/arm64/v8 (executable "), e.getMessage());
        assertTrue(e.getMessage().contains("The base image " + archive), e.getMessage());
        assertTrue(e.getMessage().contains("linux/arm64"), e.getMessage());
    }

    @Test
    void aMultiPlatformArchiveBaseGivesEachPlatformItsOwnManifest() throws Exception {
        // The base: a two-platform tar written by the product (an OCI layout whose index.json names an index).
        Path release = Files.writeString(dir.resolve("release"), "base\n");
        BuildResult base = new ImageBuilder(new BlobStore(dir.resolve("base-cache")), scratch()).buildAll(
                BuildOptions.builder(targets(amd64("base"), arm64("base")))
                        .extraFiles(List.of(new ExtraFile(release, "/etc/release", 0644))).build());
        Path archive = dir.resolve("base.tar");
        new OciArchiveWriter(InMemoryBases.CREATED).write(base.multiPlatformImage(), ImageReference.parse("base:1"),
                archive);
        BaseImageResolver resolver = new BaseImageResolver(new BlobStore(cache()), RegistryOptions.defaults(),
                Compression.DEFAULT, InMemoryBases.CREATED);

        BuildResult app = build(BuildOptions.builder(targets(arm64("app"), amd64("app")))
                .base(new BaseSpec.Archive(archive)).build(), resolver);

        // configured order: arm64 first; each on the base manifest of its own platform
        for (int i = 0; i < 2; i++) {
            Image image = app.platforms().get(i).image();
            Image baseImage = base.platforms().get(1 - i).image();
            assertEquals(baseImage.platform(), image.platform());
            assertEquals(baseImage.layers().stream().map(layer -> layer.descriptor().digest()).toList(),
                    image.layers().subList(0, 2).stream().map(layer -> layer.descriptor().digest()).toList());
        }
    }

    @Test
    void twoExecutablesForOnePlatformFailNamingExecutablesAndBothFilesBeforeAnyBase() throws Exception {
        Path first = amd64("app");
        Path second = TestExecutables.staticAmd64(Files.createDirectories(dir.resolve("other")).resolve("app"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> build(BuildOptions.builder(targets(first, second)).build(), scratch()));

        assertEquals("executables", e.setting());
        assertTrue(e.problem().contains(first + " and " + second + " are both for linux/amd64"), e.getMessage());
        assertTrue(resolvedFor.isEmpty(), "a base was resolved");
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void arm64AndArm64V8AreOnePlatform() throws Exception {
        Path first = arm64("app");
        Path second = TestExecutables.staticArm64(Files.createDirectories(dir.resolve("other")).resolve("app"));

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> build(BuildOptions.builder(
                List.of(new BuildTarget(first, Platform.parse("linux/arm64")), BuildTarget.of(second))).build(), scratch()));

        assertEquals("executables", e.setting());
    }

    @Test
    void aConfiguredPlatformThatDoesNotMatchItsFileFailsNamingTheFile() throws Exception {
        Path arm = arm64("app");

        ZeroImageException e = assertThrows(ZeroImageException.class, () -> build(BuildOptions.builder(
                List.of(BuildTarget.of(amd64("app")), new BuildTarget(arm, Platform.parse("linux/arm/v7")))).build(),
                scratch()));

        assertTrue(e.getMessage().startsWith("The configured platform linux/arm/v7 does not match " + arm), e.getMessage());
        assertTrue(resolvedFor.isEmpty());
        assertEquals(0, blobCount(cache()));
    }

    @Test
    void aConfiguredVariantIsKeptForItsPlatform() throws Exception {
        BuildResult result = build(BuildOptions.builder(List.of(BuildTarget.of(amd64("app")),
                new BuildTarget(arm64("app"), Platform.parse("linux/arm64")))).build(), scratch());

        assertEquals(List.of(AMD64, ARM64), result.multiPlatformImage().platforms());
    }

    @Test
    void oneExecutableInATargetListIsTheSingleImageOfBefore() throws Exception {
        Path program = amd64("app");
        BuildOptions single = BuildOptions.builder(program).creationTime(InMemoryBases.CREATED).build();
        BuildOptions listed = BuildOptions.builder(List.of(BuildTarget.of(program))).creationTime(InMemoryBases.CREATED)
                .build();

        Image before = new ImageBuilder(new BlobStore(dir.resolve("one")), scratch()).build(single);
        BuildResult after = new ImageBuilder(new BlobStore(dir.resolve("two")), scratch()).buildAll(listed);

        assertFalse(after.multiPlatform());
        assertEquals(before.digest(), after.image().digest());
        assertArrayEquals(before.manifestJson(), after.image().manifestJson());
        assertEquals(MediaType.OCI_MANIFEST, before.manifestDescriptor().mediaType());
    }

    @Test
    void theDefaultExecutablePathIsTheSharedFileNameElseTheFallbackElseAnError() throws Exception {
        List<BuildTarget> same = targets(amd64("app"), arm64("app"));
        List<BuildTarget> different = targets(amd64("app-amd64"), arm64("app-arm64"));

        assertEquals(ImagePath.of("/app"), BuildOptions.builder(same).defaultExecutableName("svc").build().executablePath());
        assertEquals(ImagePath.of("/svc"), BuildOptions.builder(different).defaultExecutableName("svc").build()
                .executablePath());
        assertEquals(ImagePath.of("/opt/x"), BuildOptions.builder(different).executablePath(ImagePath.of("/opt/x"))
                .build().executablePath());
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> BuildOptions.builder(different).build());
        assertEquals("executablePath", e.setting());
        assertTrue(e.problem().contains("app-amd64, app-arm64"), e.getMessage());
    }

    @Test
    void aPlatformForSeveralExecutablesIsRefused() throws Exception {
        List<BuildTarget> two = targets(amd64("app"), arm64("app"));

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> BuildOptions.builder(two).platform(AMD64).build());

        assertTrue(e.getMessage().contains("give each executable its own platform"), e.getMessage());
    }

    @Test
    void theStaticBaseGivesEveryPlatformTheSameBaseLayerBlob() throws Exception {
        BlobStore store = new BlobStore(cache());
        BaseImageResolver resolver = new BaseImageResolver(store, RegistryOptions.defaults(), Compression.DEFAULT,
                InMemoryBases.CREATED);
        List<String> log = new ArrayList<>();

        BuildResult result = new ImageBuilder(store, resolver, dev.zeroimage.util.Progress.NONE, log::add)
                .buildAll(BuildOptions.builder(targets(amd64("app"), arm64("app")))
                        .base(new BaseSpec.Static(List.of(), false)).user(new User("nonroot"))
                        .creationTime(InMemoryBases.CREATED).build());

        Image amd = result.platforms().get(0).image();
        Image arm = result.platforms().get(1).image();
        assertEquals(amd.layers().get(0).descriptor(), arm.layers().get(0).descriptor());
        assertNotEquals(amd.layers().get(1).descriptor().digest(), arm.layers().get(1).descriptor().digest());
        assertEquals("arm64", arm.config().architecture);
        assertEquals("v8", arm.config().variant);
        assertEquals(List.of("Base image: static, 1 layer(s), for linux/amd64",
                "Base image: static, 1 layer(s), for linux/arm64/v8",
                "User nonroot is 65532:65532 in the image"), log, "the user is resolved alike on both: said once");
        assertEquals("65532:65532", amd.config().config.user);
        assertEquals("65532:65532", arm.config().config.user);
        assertEquals(3, blobCount(cache()), "one static base layer and two executable layers");
    }

    @Test
    void theDockerFormatMakesAManifestListOverDockerManifests() throws Exception {
        BuildResult result = build(BuildOptions.builder(targets(amd64("app"), arm64("app")))
                .format(ImageFormat.DOCKER).annotations(Map.of("a", "b")).build(), scratch());

        MultiPlatformImage list = result.multiPlatformImage();
        assertEquals(MediaType.DOCKER_MANIFEST_LIST, list.descriptor().mediaType());
        for (Descriptor manifest : list.index().manifests()) {
            assertEquals(MediaType.DOCKER_MANIFEST, manifest.mediaType());
        }
    }
}
