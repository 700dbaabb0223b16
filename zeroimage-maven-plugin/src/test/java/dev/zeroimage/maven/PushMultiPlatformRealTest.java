package dev.zeroimage.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Json;
import dev.zeroimage.testing.TestRegistry;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * build (executables, push=false) then the push goal in the same project, as a deploy-phase push does:
 * the index under the tag and each platform's attached SBOM as a referrer of its manifest, on a
 * docker-registry on loopback (the executables are synthetic: they are packed, never run).
 */
@Tag("real")
class PushMultiPlatformRealTest {
    private final MojoHarness harness = new MojoHarness();

    @TempDir
    Path work;

    private TestRegistry registry;

    @BeforeEach
    void start() throws Exception {
        harness.start();
        registry = TestRegistry.plainHttp(work.resolve("registry"));
    }

    @AfterEach
    void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        harness.stop();
    }

    private static Executable entry(Path file) {
        Executable executable = new Executable();
        executable.set(file.toFile());
        return executable;
    }

    @Test
    void thePushGoalPushesTheIndexAndEachPlatformsSbomAsAReferrerOfItsManifest() throws Exception {
        String image = registry.host() + "/multi/pushed:1.0";
        Path amd = TestExecutables.staticAmd64(Files.createDirectories(work.resolve("amd64")).resolve("app"));
        Path arm = TestExecutables.staticArm64(Files.createDirectories(work.resolve("arm64")).resolve("app"));
        BuildMojo build = harness.buildMojo(work, null, "build-multi");
        harness.set(build, "executables", List.of(entry(amd), entry(arm)));
        harness.set(build, "sbom", true);
        harness.set(build, "image", image);
        build.execute();
        MavenProject project = (MavenProject) harness.get(build, "project");

        PushMojo push = (PushMojo) harness.lookupEmptyMojo("push", MojoHarness.getTestFile("src/test/resources/unit/build-multi/pom.xml"));
        harness.set(push, "project", project);
        harness.set(push, "image", image);
        harness.set(push, "classifier", "image");
        harness.set(push, "cacheDirectory", work.resolve("cache").toFile());
        harness.set(push, "insecureRegistries", List.of(registry.host()));
        harness.set(push, "httpTimeout", 60);
        push.execute();

        String digest = Files.readString(work.resolve("target/zeroimage/image-digest"));
        String indexRaw = registry.skopeoInspectRaw("multi/pushed:1.0");
        assertEquals(digest, Digest.sha256(indexRaw.getBytes(StandardCharsets.UTF_8)).toString());
        JsonNode index = Json.mapper().readTree(indexRaw);
        for (int i = 0; i < 2; i++) {
            String manifest = index.get("manifests").get(i).get("digest").asText();
            String suffix = i == 0 ? "linux-amd64" : "linux-arm64-v8";
            JsonNode referrers = Json.mapper().readTree(registry.skopeoInspectRaw("multi/pushed:sha256-"
                    + manifest.substring(7)));
            assertEquals(1, referrers.get("manifests").size(), referrers.toString());
            JsonNode artifact = Json.mapper().readTree(registry.skopeoInspectRaw("multi/pushed@"
                    + referrers.get("manifests").get(0).get("digest").asText()));
            assertEquals(manifest, artifact.get("subject").get("digest").asText());
            File sbom = work.resolve("target/zeroimage/sbom-" + suffix + ".cdx.json").toFile();
            assertEquals(Digest.sha256(Files.readAllBytes(sbom.toPath())).toString(),
                    artifact.get("layers").get(0).get("digest").asText(), "the pushed SBOM is " + sbom.getName());
        }
    }
}
