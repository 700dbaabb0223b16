package dev.zeroimage.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.base.BaseImageResolver;
import dev.zeroimage.base.BaseSpec;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.NativeCompiler;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.registry.RegistryTransport;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One build of two real static programs (gcc -static for amd64, aarch64-linux-gnu-gcc -static for
 * arm64) as users meet it: on scratch, on {@code static}, on a two-platform base in a docker-registry
 * on loopback (made and pushed with the product itself), in the docker format; the tar read by skopeo,
 * one platform unpacked by umoci and run with runc (arm64 through qemu).
 */
@Tag("real")
class MultiPlatformBuildRealTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant CREATED = Instant.parse("2024-05-06T07:08:09Z");
    private static final ImageReference NAME = ImageReference.parse("zeroimage.test/multi:1.0");

    @TempDir
    static Path shared;
    private static Path amd64;
    private static Path arm64;
    private static TestRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTools.require("skopeo");
        amd64 = NativeCompiler.compileText("gcc", shared.resolve("amd64"),
                "#include <stdio.h>\nint main(void) { puts(\"multi says hello from amd64\"); return 0; }\n",
                "app", "-static", "-O2");
        arm64 = NativeCompiler.compileText("aarch64-linux-gnu-gcc", shared.resolve("arm64"),
                "#include <stdio.h>\nint main(void) { puts(\"multi says hello from arm64\"); return 0; }\n",
                "app", "-static", "-O2");
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static RegistryOptions registryOptions() {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(registry.host()), CredentialSource.ANONYMOUS,
                3, Duration.ofMillis(10), false);
    }

    private static BuildResult build(Path cache, BuildOptions.Builder options) throws Exception {
        BlobStore store = new BlobStore(cache);
        BaseImageResolver bases = new BaseImageResolver(store, registryOptions(), Compression.DEFAULT, CREATED);
        return new ImageBuilder(store, bases).buildAll(options.creationTime(CREATED).build());
    }

    private static BuildOptions.Builder both(Path amd, Path arm) {
        return BuildOptions.builder(List.of(BuildTarget.of(amd), BuildTarget.of(arm)))
                .annotations(Map.of("org.opencontainers.image.version", "1.0"));
    }

    private static Path write(MultiPlatformImage image, Path tar) throws Exception {
        new OciArchiveWriter(CREATED).write(image, NAME, tar);
        return tar;
    }

    @Test
    void onScratchTheTarIsAnIndexOfBothPlatformsAndTheArm64ImageRunsInRunc() throws Exception {
        BuildResult result = build(dir.resolve("cache"), both(amd64, arm64));
        Path tar = write(result.multiPlatformImage(), dir.resolve("app.tar"));

        JsonNode index = JSON.readTree(skopeo("inspect", "--raw", "oci-archive:" + tar));
        assertEquals(MediaType.OCI_INDEX, index.path("mediaType").asText(), index.toString());
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), platforms(index));
        assertEquals("1.0", index.path("annotations").path("org.opencontainers.image.version").asText());
        JsonNode arm = JSON.readTree(skopeo("inspect", "--override-arch", "arm64", "oci-archive:" + tar));
        assertEquals("arm64", arm.path("Architecture").asText(), arm.toString());
        assertEquals(result.platforms().get(1).image().layers().get(0).descriptor().digest().toString(),
                arm.path("Layers").get(0).asText(), "skopeo picks the arm64 manifest");

        assertEquals("multi says hello from amd64", run(result.platforms().get(0).image(), "amd64").trim());
        assertEquals("multi says hello from arm64", run(result.platforms().get(1).image(), "arm64").trim());
    }

    @Test
    void twoBuildsInOtherDirectoriesWithOtherCachesGiveTheSameBytes() throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("somewhere/else/deeper"));
        Path amdCopy = Files.copy(amd64, Files.createDirectories(elsewhere.resolve("x86")).resolve("app"));
        Path armCopy = Files.copy(arm64, Files.createDirectories(elsewhere.resolve("aarch64")).resolve("app"));

        Path first = write(build(dir.resolve("one/cache"), both(amd64, arm64)
                .base(new BaseSpec.Static(List.of(), false))).multiPlatformImage(), dir.resolve("one/app.tar"));
        Path second = write(build(elsewhere.resolve("cache"), both(amdCopy, armCopy)
                .base(new BaseSpec.Static(List.of(), false))).multiPlatformImage(), elsewhere.resolve("app.tar"));

        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void onStaticEveryPlatformHasTheSameBaseLayerBlobOnceInTheTar() throws Exception {
        BuildResult result = build(dir.resolve("cache"), both(amd64, arm64)
                .base(new BaseSpec.Static(List.of(), false)).user(new User("nonroot")));
        Path tar = write(result.multiPlatformImage(), dir.resolve("app.tar"));

        Layer amdBase = result.platforms().get(0).image().layers().get(0);
        Layer armBase = result.platforms().get(1).image().layers().get(0);
        assertEquals(amdBase.descriptor(), armBase.descriptor());
        List<String> blobs = tarEntries(tar).stream().filter(name -> name.matches("blobs/sha256/[0-9a-f]{64}")).toList();
        // index, 2 manifests, 2 configs, 1 static layer, 2 executable layers
        assertEquals(8, blobs.size(), blobs.toString());
        JsonNode armConfig = JSON.readTree(skopeo("inspect", "--override-arch", "arm64", "--config",
                "oci-archive:" + tar));
        assertEquals("65532:65532", armConfig.path("config").path("User").asText());
        assertEquals("multi says hello from arm64", run(result.platforms().get(1).image(), "arm64").trim());
    }

    @Test
    void onATwoPlatformRegistryBaseEachPlatformGetsItsOwnBaseManifest() throws Exception {
        // The base: our own two-platform image (each with a file naming its platform) pushed to the registry.
        Path amdRelease = Files.writeString(Files.createDirectories(dir.resolve("release-amd")).resolve("release"), "amd64\n");
        BuildResult base = build(dir.resolve("base-cache"), both(amd64, arm64)
                .executablePath(dev.zeroimage.image.ImagePath.of("/base-app"))
                .extraFiles(List.of(new ExtraFile(amdRelease, "/etc/base-release", 0644)))
                .base(new BaseSpec.Static(List.of(), false)));
        MultiPlatformImage baseIndex = base.multiPlatformImage();
        ImageReference baseRef = ImageReference.parse(registry.host() + "/bases/two:1");
        new ImagePusher(registryOptions(), message -> { }).push(baseIndex, baseRef, List.of(), (ImageReference) null);

        BuildResult app = build(dir.resolve("cache"), both(amd64, arm64)
                .base(new BaseSpec.Registry(baseRef)).user(new User("nonroot")));

        for (int i = 0; i < 2; i++) {
            Image image = app.platforms().get(i).image();
            Image baseImage = base.platforms().get(i).image();
            assertEquals(baseImage.layers().stream().map(Layer::descriptor).toList(),
                    image.layers().subList(0, baseImage.layers().size()).stream().map(Layer::descriptor).toList(),
                    "platform " + image.platform() + " is built on its own base manifest");
            Map<String, String> annotations = image.manifest().annotations();
            assertEquals(baseRef.toString(), annotations.get("org.opencontainers.image.base.name"));
            assertEquals(baseIndex.digest().toString(), annotations.get("org.opencontainers.image.base.digest"));
        }
        assertEquals(app.platforms().get(0).image().layers().get(1).descriptor(),
                app.platforms().get(1).image().layers().get(1).descriptor(), "the bases' extraFiles layer is shared");
        assertNotEquals(app.platforms().get(0).image().layers().get(2).descriptor(),
                app.platforms().get(1).image().layers().get(2).descriptor(), "the bases' executable layers differ");
        assertTrue(app.multiPlatformImage().index().annotations() == null
                || !app.multiPlatformImage().index().annotations().containsKey("org.opencontainers.image.base.name"),
                "the index names no single base");

        Path tar = write(app.multiPlatformImage(), dir.resolve("app.tar"));
        ImageReference target = ImageReference.parse(registry.host() + "/apps/multi:1.0");
        registry.skopeoCopy("oci-archive:" + tar, "apps/multi:1.0");
        assertEquals(app.multiPlatformImage().digest(), Digest.sha256(registry.skopeoInspectRaw("apps/multi:1.0")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), "skopeo copy --all keeps the index digest of " + target);
        assertEquals("multi says hello from arm64", run(app.platforms().get(1).image(), "arm64").trim());
    }

    @Test
    void aRegistryBaseWithoutOneOfThePlatformsFailsNamingTheBaseAndThePlatform() throws Exception {
        Image amdOnly = build(dir.resolve("base-cache"), BuildOptions.builder(amd64)).image();
        ImageReference baseRef = ImageReference.parse(registry.host() + "/bases/amd-only:1");
        new ImagePusher(registryOptions(), message -> { }).push(
                MultiPlatformImage.assemble(List.of(amdOnly), Map.of(), ImageFormat.OCI), baseRef, List.of(), (ImageReference) null);
        Path cache = dir.resolve("cache");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> build(cache, both(amd64, arm64).base(new BaseSpec.Registry(baseRef))));

        assertTrue(e.getMessage().startsWith("For linux/arm64/v8 (executable " + arm64 + "): The base image "
                + baseRef + " has no image for linux/arm64/v8. It has: linux/amd64"), e.getMessage());
        assertEquals(0, ourLayerBlobs(cache, amdOnly), "no layer of ours was written");
    }

    @Test
    void theDockerFormatGivesAManifestListThatSkopeoReadsAndCopiesKeepingItsDigest() throws Exception {
        BuildResult result = build(dir.resolve("cache"), both(amd64, arm64).format(ImageFormat.DOCKER));
        Path tar = write(result.multiPlatformImage(), dir.resolve("app.tar"));

        JsonNode list = JSON.readTree(skopeo("inspect", "--raw", "oci-archive:" + tar));
        assertEquals(MediaType.DOCKER_MANIFEST_LIST, list.path("mediaType").asText(), list.toString());
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), platforms(list));
        for (JsonNode manifest : list.path("manifests")) {
            assertEquals(MediaType.DOCKER_MANIFEST, manifest.path("mediaType").asText());
        }
        registry.skopeoCopy("oci-archive:" + tar, "apps/docker-list:1.0");
        String raw = registry.skopeoInspectRaw("apps/docker-list:1.0");
        assertEquals(result.multiPlatformImage().digest(), Digest.sha256(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> platforms(JsonNode index) {
        List<String> platforms = new ArrayList<>();
        for (JsonNode manifest : index.path("manifests")) {
            JsonNode platform = manifest.path("platform");
            platforms.add(platform.path("os").asText() + "/" + platform.path("architecture").asText()
                    + (platform.has("variant") ? "/" + platform.path("variant").asText() : ""));
        }
        return platforms;
    }

    /** Blobs in {@code cache} that are layers of ours (the executable's): none when the build failed early. */
    private static long ourLayerBlobs(Path cache, Image baseImage) throws Exception {
        Path blobs = cache.resolve("blobs/sha256");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        Set<String> base = new java.util.HashSet<>();
        baseImage.layers().forEach(layer -> base.add(layer.descriptor().digest().hex()));
        try (var files = Files.list(blobs)) {
            return files.filter(file -> !base.contains(file.getFileName().toString()))
                    .filter(file -> !isJson(file)).count();
        }
    }

    private static boolean isJson(Path file) {
        try {
            JSON.readTree(file.toFile());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static List<String> tarEntries(Path tar) throws Exception {
        ExternalTools.require("tar");
        return List.of(run(List.of("tar", "-tf", tar.toString())).split("\n"));
    }

    /**
     * Unpacks one platform's image with umoci (the strict check) and runs it with runc. An arm64 image
     * runs through qemu: the kernel's binfmt handler when one is registered, else qemu-aarch64-static
     * copied into the bundle (not the image) as the process's first argument, so nothing on the machine
     * changes.
     */
    private String run(Image image, String arch) throws Exception {
        ExternalTools.require("umoci");
        ExternalTools.require("runc");
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "root, to run images with runc");
        Path single = dir.resolve("single-" + arch + ".tar");
        new OciArchiveWriter(CREATED).write(image, NAME, single);
        Path layout = Files.createDirectories(dir.resolve("layout-" + arch));
        run(List.of("tar", "-xf", single.toString(), "-C", layout.toString()));
        Path bundle = dir.resolve("bundle-" + arch);
        run(List.of("umoci", "unpack", "--image", layout + ":" + NAME, bundle.toString()));
        Path configFile = bundle.resolve("config.json");
        ObjectNode runtime = (ObjectNode) JSON.readTree(configFile.toFile());
        ObjectNode process = (ObjectNode) runtime.path("process");
        process.put("terminal", false);
        if (arch.equals("arm64") && !Files.exists(Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64"))) {
            Path qemu = ExternalTools.find("qemu-aarch64-static");
            Path inBundle = bundle.resolve("rootfs/.qemu-aarch64-static");
            Files.copy(qemu, inBundle, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(inBundle, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            ArrayNode args = JSON.createArrayNode().add("/.qemu-aarch64-static");
            process.path("args").forEach(args::add);
            process.set("args", args);
        }
        JSON.writeValue(configFile.toFile(), runtime);
        String id = "zeroimage-build-" + arch + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try {
            return run(List.of("runc", "run", "-b", bundle.toString(), id));
        } finally {
            ExternalTools.run(Duration.ofSeconds(30), List.of("runc", "delete", "-f", id));
        }
    }

    private static String skopeo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        ExternalTools.SeparateResult result = ExternalTools.runSeparately(TIMEOUT, null, Map.of(), command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.stderr());
        }
        return result.stdout();
    }

    private static String run(List<String> command) throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(TIMEOUT, command);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }
}
