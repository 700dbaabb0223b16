package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.NativeCompiler;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.registry.PushFixtures.JSON;
import static dev.zeroimage.registry.PushFixtures.blobPuts;
import static dev.zeroimage.registry.PushFixtures.insecure;
import static dev.zeroimage.registry.PushFixtures.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A two-platform image of real static programs (gcc -static for amd64, aarch64-linux-gnu-gcc -static
 * for arm64) as users meet it: the tar read by skopeo, copied with {@code skopeo copy --all} to a
 * docker-registry on loopback, each platform run (runc; arm64 through qemu), and pushed by
 * {@link ImagePusher} twice (the second push sends no blob).
 */
@Tag("real")
class MultiPlatformRealTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
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
        ExternalTools.require("aarch64-linux-gnu-gcc");
        amd64 = NativeCompiler.compileText("gcc", shared.resolve("amd64"),
                "#include <stdio.h>\nint main(void) { puts(\"hello from amd64\"); return 0; }\n", "app", "-static", "-O2");
        arm64 = NativeCompiler.compileText("aarch64-linux-gnu-gcc", shared.resolve("arm64"),
                "#include <stdio.h>\nint main(void) { puts(\"hello from arm64\"); return 0; }\n", "app", "-static", "-O2");
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private static MultiPlatformImage build(Path cache, ImageFormat format) throws Exception {
        BlobStore store = new BlobStore(cache);
        List<Image> images = new ArrayList<>();
        for (Path executable : List.of(amd64, arm64)) {
            images.add(PushFixtures.build(store, BuildOptions.builder(executable).format(format),
                    platform -> BaseImage.scratch()));
        }
        return MultiPlatformImage.assemble(images, Map.of("org.opencontainers.image.version", "1.0"), format);
    }

    private static String run(List<String> command) throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(TIMEOUT, command);
        if (!result.succeeded()) {
            fail(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }

    private static String skopeo(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        command.addAll(List.of(args));
        return run(command);
    }

    @Test
    void skopeoReadsTheIndexCopiesItUnchangedAndEachPlatformRuns() throws Exception {
        MultiPlatformImage image = build(dir.resolve("cache"), ImageFormat.OCI);
        Path tar = dir.resolve("app.tar");
        new OciArchiveWriter(PushFixtures.CREATED).write(image, NAME, tar);

        String raw = skopeo("inspect", "--raw", "oci-archive:" + tar).trim();
        assertEquals(image.digest(), sha256(raw), "skopeo sees the index bytes: " + raw);
        JsonNode index = JSON.readTree(raw);
        assertEquals(MediaType.OCI_INDEX, index.path("mediaType").asText());
        assertEquals("amd64", index.path("manifests").get(0).path("platform").path("architecture").asText());
        assertEquals("arm64", index.path("manifests").get(1).path("platform").path("architecture").asText());
        assertEquals("v8", index.path("manifests").get(1).path("platform").path("variant").asText());

        registry.skopeoCopy("oci-archive:" + tar, "multi/copied:1.0");
        assertEquals(image.digest(), sha256(registry.skopeoInspectRaw("multi/copied:1.0")),
                "skopeo copy --all keeps the index digest");
        JsonNode arm = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--override-arch", "arm64",
                registry.reference("multi/copied:1.0")));
        assertEquals("arm64", arm.path("Architecture").asText());
        List<String> armLayers = new ArrayList<>();
        arm.path("Layers").forEach(layer -> armLayers.add(layer.asText()));
        assertEquals(PushFixtures.layerDigests(image.images().get(1)), armLayers, "the arm64 image's layers");

        assertEquals("hello from amd64", runPlatform(tar, "amd64").trim());
        assertEquals("hello from arm64", runPlatform(tar, "arm64").trim());
    }

    /**
     * One platform out of the index tar (skopeo --override-arch into a one-image layout, as umoci
     * cannot choose in an index), unpacked by umoci (the strict check) and run: amd64 with runc,
     * arm64 with runc when binfmt has qemu registered, else with qemu-aarch64-static directly.
     */
    private String runPlatform(Path tar, String arch) throws Exception {
        ExternalTools.require("umoci");
        Path layout = dir.resolve("layout-" + arch);
        skopeo("copy", "--override-arch", arch, "oci-archive:" + tar, "oci:" + layout + ":app");
        Path bundle = dir.resolve("bundle-" + arch);
        run(List.of("umoci", "unpack", "--image", layout + ":app", bundle.toString()));
        Path configFile = bundle.resolve("config.json");
        ObjectNode runtime = (ObjectNode) JSON.readTree(configFile.toFile());
        List<String> args = new ArrayList<>();
        runtime.path("process").path("args").forEach(arg -> args.add(arg.asText()));
        boolean root = "root".equals(System.getProperty("user.name"));
        boolean nativeOrBinfmt = arch.equals("amd64") || Files.exists(Path.of("/proc/sys/fs/binfmt_misc/qemu-aarch64"));
        if (root && nativeOrBinfmt && ExternalTools.isInstalled("runc")) {
            ((ObjectNode) runtime.path("process")).put("terminal", false);
            JSON.writeValue(configFile.toFile(), runtime);
            String id = "zeroimage-multi-" + arch + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
            try {
                return run(List.of("runc", "run", "-b", bundle.toString(), id));
            } finally {
                ExternalTools.run(Duration.ofSeconds(30), List.of("runc", "delete", "-f", id));
            }
        }
        Path rootfs = bundle.resolve("rootfs");
        Path entrypoint = rootfs.resolve(args.get(0).substring(1));
        if (arch.equals("arm64")) {
            ExternalTools.require("qemu-aarch64-static");
            return run(List.of("qemu-aarch64-static", entrypoint.toString()));
        }
        ExternalTools.requireThat(root, "root, to run images with runc");
        return run(List.of(entrypoint.toString()));
    }

    @Test
    void twoBuildsInOtherDirectoriesGiveTheSameTar() throws Exception {
        Path first = dir.resolve("one/app.tar");
        Path second = dir.resolve("two/app.tar");
        new OciArchiveWriter(PushFixtures.CREATED).write(build(dir.resolve("one/cache"), ImageFormat.OCI), NAME, first);
        new OciArchiveWriter(PushFixtures.CREATED).write(build(dir.resolve("two/cache"), ImageFormat.OCI), NAME, second);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void pushSendsEveryBlobOnceThenManifestsThenTheIndexAndARepushSendsNoBlob() throws Exception {
        MultiPlatformImage image = build(dir.resolve("cache"), ImageFormat.OCI);
        ImageReference target = ImageReference.parse(registry.host() + "/multi/pushed:1.0");
        ImagePusher pusher = new ImagePusher(insecure(registry.host()), message -> { });
        registry.clearRequests();
        ImagePusher.Result first = pusher.push(image, target, List.of("latest"), (ImageReference) null);
        assertEquals(image.digest(), first.digest());
        assertEquals(List.of(target.toString(), target.withTag("latest").toString()), first.references());
        List<AccessLogEntry> requests = registry.requests();
        List<String> uploaded = blobPuts(requests).stream().map(PushFixtures::uploadedDigest).toList();
        assertEquals(uploaded.size(), uploaded.stream().distinct().count(), "each blob once: " + uploaded);
        assertEquals(4, uploaded.size(), "two layers, two configs: " + uploaded);
        List<String> manifestPuts = requests.stream().filter(r -> r.is("PUT", "/v2/multi/pushed/manifests/.*"))
                .map(AccessLogEntry::path).toList();
        assertEquals(List.of("/v2/multi/pushed/manifests/" + image.images().get(0).digest(),
                "/v2/multi/pushed/manifests/" + image.images().get(1).digest(),
                "/v2/multi/pushed/manifests/1.0", "/v2/multi/pushed/manifests/latest"), manifestPuts);
        assertEquals(image.digest(), sha256(registry.skopeoInspectRaw("multi/pushed:latest")));
        JsonNode arm = JSON.readTree(skopeo("inspect", "--tls-verify=false", "--override-arch", "arm64",
                registry.reference("multi/pushed:1.0")));
        assertEquals("arm64", arm.path("Architecture").asText());

        registry.clearRequests();
        ImagePusher.Result again = pusher.push(image, target, List.of("latest"), (ImageReference) null);
        List<AccessLogEntry> second = registry.requests();
        assertEquals(0, again.uploaded());
        assertEquals(4, again.skipped());
        assertEquals(List.of(), blobPuts(second), second::toString);
        assertFalse(second.stream().anyMatch(r -> r.method().equals("POST") || r.method().equals("PATCH")),
                second::toString);
    }

    @Test
    void aDockerManifestListReadsBackAndCopiesUnchanged() throws Exception {
        MultiPlatformImage list = build(dir.resolve("cache"), ImageFormat.DOCKER);
        Path tar = dir.resolve("docker.tar");
        new OciArchiveWriter(PushFixtures.CREATED).write(list, NAME, tar);
        String raw = skopeo("inspect", "--raw", "oci-archive:" + tar).trim();
        assertEquals(MediaType.DOCKER_MANIFEST_LIST, JSON.readTree(raw).path("mediaType").asText());
        registry.skopeoCopy("oci-archive:" + tar, "multi/docker:1.0");
        assertEquals(list.digest(), sha256(registry.skopeoInspectRaw("multi/docker:1.0")));
        // What the push goal does with a tar that build attached: read back, same digests.
        MultiPlatformImage loaded = new ImageArchiveReader(new BlobStore(dir.resolve("other"))).loadIndex(tar);
        assertEquals(list.digest(), loaded.digest());
        Digest pushed = new ImagePusher(insecure(registry.host()), message -> { })
                .push(loaded, ImageReference.parse(registry.host() + "/multi/docker-pushed:1.0"), List.of(),
                        (ImageReference) null).digest();
        assertEquals(list.digest(), pushed);
        assertTrue(registry.skopeoInspectRaw("multi/docker-pushed:1.0").contains(MediaType.DOCKER_MANIFEST));
    }
}
