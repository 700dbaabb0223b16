package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The original tool's README examples, replayed against Debian's docker-registry on 127.0.0.1 and
 * checked with skopeo, umoci and runc: a scratch build with the default output name, {@code --from}
 * a two-platform base with {@code --platform linux/arm64/v8 --push}, {@code --from-archive} a tar
 * that {@code skopeo copy … oci-archive:} wrote.
 */
@Tag("real")
class CommandLineExamplesTest {
    @TempDir
    static Path shared;

    private static TestRegistry registry;
    private static Path hello;

    @TempDir
    Path home;

    @BeforeAll
    static void setUp() throws Exception {
        hello = ImageTools.compileStatic("gcc", shared.resolve("src"), "some-program", "hello from the cli");
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private Path program(String name) throws Exception {
        return Files.copy(hello, Files.createDirectories(home.resolve("work")).resolve(name),
                StandardCopyOption.COPY_ATTRIBUTES);
    }

    @Test
    void scratchBuildWritesEntrypointDotTarThatRuns() throws Exception {
        Path program = program("some-program");
        CliRun run = CliRun.run(home, "build", program.toString());
        assertEquals(0, run.exitCode(), run.toString());
        Path tar = Path.of(program + ".tar");
        assertTrue(Files.isRegularFile(tar), "no " + tar + ":\n" + run);
        assertTrue(run.stdout().matches("(?s)Built image some-program:latest \\(linux/amd64\\) sha256:[0-9a-f]{64}, .*,"
                + " in \\d+ ms, from .* \\([0-9.]+ [kM]?B\\), written to " + java.util.regex.Pattern.quote(tar.toString())
                + "\\s*"), run.toString());

        JsonNode inspected = ImageTools.skopeoInspect("oci-archive:" + tar);
        assertEquals("amd64", inspected.path("Architecture").asText());
        assertEquals(1, inspected.path("Layers").size(), inspected.toString());
        assertEquals("1970-01-01T00:00:00Z", inspected.path("Created").asText(), "default creation time: the epoch");
        String output = ImageTools.runImage(tar, "some-program:latest", home.resolve("run"));
        assertTrue(output.contains("hello from the cli"), output);
    }

    @Test
    void fromATwoPlatformBaseWithPlatformArm64AndPush() throws Exception {
        Path arm = ImageTools.compileStatic("aarch64-linux-gnu-gcc", home.resolve("arm"), "hello-arm", "hello arm64");
        String reg = registry.host();
        // The base: one image per platform (the static base plus a program), then an index of both.
        Path amdDigest = home.resolve("amd.digest");
        Path armDigest = home.resolve("arm.digest");
        for (String[] platform : new String[][]{{hello.toString(), "amd64", amdDigest.toString()},
                {arm.toString(), "arm64", armDigest.toString()}}) {
            CliRun base = CliRun.run(home, "build", "--static", "--push", reg + "/base:" + platform[1],
                    "--insecure-registry", reg, "--digest-file", platform[2], platform[0]);
            assertEquals(0, base.exitCode(), base.toString());
        }
        putIndex(reg, "base", "multi", Map.of(Files.readString(amdDigest), "amd64", Files.readString(armDigest), "arm64"));

        Path program = Files.copy(arm, home.resolve("arm/app-arm"));
        Path metadata = home.resolve("image.json");
        CliRun run = CliRun.run(home, "build", "--from", reg + "/base:multi", "--platform", "linux/arm64/v8",
                "--push", reg + "/app:arm", "--insecure-registry", reg, "--metadata-file", metadata.toString(),
                program.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("Built image " + reg + "/app:arm (linux/arm64/v8) sha256:"), run.toString());
        assertTrue(run.stdout().contains("Pushed " + reg + "/app:arm (sha256:"), run.toString());
        assertTrue(run.stderr().contains("Base image: " + reg + "/base:multi"), run.toString());
        assertFalse(Files.exists(Path.of(program + ".tar")), "--push without -o writes no archive");

        JsonNode pushed = ImageTools.skopeoInspect("docker://" + reg + "/app:arm", "--tls-verify=false");
        assertEquals("arm64", pushed.path("Architecture").asText(), pushed.toString());
        JsonNode armBase = ImageTools.skopeoInspect("docker://" + reg + "/base:arm64", "--tls-verify=false");
        assertEquals(3, pushed.path("Layers").size(), pushed.toString());
        assertEquals(armBase.path("Layers"), firstTwo(pushed.path("Layers")), "the arm64 base's layers come first");
        JsonNode report = ImageTools.JSON.readTree(metadata.toFile());
        assertEquals(List.of(reg + "/app:arm"), ImageTools.JSON.convertValue(report.path("pushed"), List.class));
        assertEquals(pushed.path("Digest").asText(), report.path("manifestDigest").asText());
        assertEquals("linux/arm64/v8", report.path("platform").asText());
    }

    @Test
    void fromArchiveThatSkopeoCopied() throws Exception {
        String reg = registry.host();
        CliRun base = CliRun.run(home, "build", "--static", "--push", reg + "/archbase:1", "--insecure-registry", reg,
                program("base-program").toString());
        assertEquals(0, base.exitCode(), base.toString());
        Path archive = home.resolve("base.tar");
        ImageTools.run(List.of("skopeo", "--insecure-policy", "copy", "--src-tls-verify=false",
                "docker://" + reg + "/archbase:1", "oci-archive:" + archive));

        Path program = program("app");
        Path output = home.resolve("app-image.tar");
        CliRun run = CliRun.run(home, "build", "--from-archive", archive.toString(), "--user", "nonroot",
                "--image-name", "app:1", "-o", output.toString(), program.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("Built image app:1 (linux/amd64) sha256:"), run.toString());
        JsonNode config = ImageTools.skopeoInspect("oci-archive:" + output, "--config");
        assertEquals("65532:65532", config.path("config").path("User").asText(), config.toString());
        assertEquals(List.of("/app"), ImageTools.JSON.convertValue(config.path("config").path("Entrypoint"), List.class));
        String printed = ImageTools.runImage(output, "app:1", home.resolve("run"));
        assertTrue(printed.contains("hello from the cli"), printed);
        assertEquals(65532, ImageTools.bundleUid(home.resolve("run")), "runs as nonroot from the archive's /etc/passwd");
    }

    private static JsonNode firstTwo(JsonNode layers) {
        ArrayNode two = ImageTools.JSON.createArrayNode();
        two.add(layers.get(0));
        two.add(layers.get(1));
        return two;
    }

    /** PUTs an OCI index of {@code digest → architecture} manifests (all in {@code repository}) as {@code tag}. */
    private static void putIndex(String reg, String repository, String tag, Map<String, String> manifests)
            throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ObjectNode index = ImageTools.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", "application/vnd.oci.image.index.v1+json");
        ArrayNode entries = index.putArray("manifests");
        for (Map.Entry<String, String> manifest : new java.util.TreeMap<>(manifests).entrySet()) {
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(URI.create("http://" + reg + "/v2/" + repository
                            + "/manifests/" + manifest.getKey().trim()))
                    .header("Accept", "application/vnd.oci.image.manifest.v1+json").build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode(), new String(got.body()));
            ObjectNode entry = entries.addObject();
            entry.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
            entry.put("digest", manifest.getKey().trim());
            entry.put("size", got.body().length);
            ObjectNode platform = entry.putObject("platform");
            platform.put("architecture", manifest.getValue());
            platform.put("os", "linux");
            if (manifest.getValue().equals("arm64")) {
                platform.put("variant", "v8");
            }
        }
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create("http://" + reg + "/v2/" + repository
                        + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.index.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(ImageTools.JSON.writeValueAsBytes(index))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
    }
}
