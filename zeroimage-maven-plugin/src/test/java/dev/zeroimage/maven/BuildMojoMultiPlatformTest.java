package dev.zeroimage.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Json;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The build mojo with {@code executables}, configured from a POM as Maven does, on synthetic executables. */
class BuildMojoMultiPlatformTest {
    private final MojoHarness harness = new MojoHarness();

    @TempDir
    Path work;

    @BeforeEach
    void start() throws Exception {
        harness.start();
    }

    @AfterEach
    void stop() throws Exception {
        harness.stop();
    }

    private Path amd64() throws Exception {
        return TestExecutables.staticAmd64(Files.createDirectories(work.resolve("amd64")).resolve("app"));
    }

    private Path arm64() throws Exception {
        return TestExecutables.staticArm64(Files.createDirectories(work.resolve("arm64")).resolve("app"));
    }

    private static Executable entry(Path file, String platform) {
        Executable executable = new Executable();
        executable.setFile(file.toFile());
        executable.setPlatform(platform);
        return executable;
    }

    private BuildMojo mojo(List<Executable> executables) throws Exception {
        BuildMojo mojo = harness.buildMojo(work, null, "build-multi");
        harness.set(mojo, "executables", executables);
        harness.set(mojo, "sbom", true); // the harness does not apply parameter defaults
        return mojo;
    }

    @Test
    void bothXmlFormsOfAnEntryAreMappedByMaven() throws Exception {
        BuildMojo mojo = harness.buildMojo(work, null, "build-multi");

        @SuppressWarnings("unchecked")
        List<Executable> configured = (List<Executable>) harness.get(mojo, "executables");

        assertEquals(2, configured.size());
        assertTrue(configured.get(0).getFile().getPath().endsWith("bin/amd64/app"), configured.toString());
        assertNull(configured.get(0).getPlatform());
        assertTrue(configured.get(1).getFile().getPath().endsWith("bin/arm64/app"), configured.toString());
        assertEquals("linux/arm64/v8", configured.get(1).getPlatform());
    }

    @Test
    void twoExecutablesMakeAnIndexWithPerPlatformSbomsAttached() throws Exception {
        List<String> lines = new ArrayList<>();
        BuildMojo mojo = mojo(List.of(entry(amd64(), null), entry(arm64(), "linux/arm64")));
        mojo.setLog(new SystemStreamLog() {
            @Override
            public void info(CharSequence content) {
                lines.add(content.toString());
            }
        });
        mojo.execute();

        JsonNode report = Json.mapper().readTree(work.resolve("target/zeroimage/image.json").toFile());
        String digest = Files.readString(work.resolve("target/zeroimage/image-digest"));
        assertEquals("application/vnd.oci.image.index.v1+json", report.get("mediaType").asText());
        assertEquals(digest, report.get("manifestDigest").asText());
        List<String> platforms = new ArrayList<>();
        report.get("platforms").forEach(platform -> platforms.add(platform.get("platform").asText()));
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), platforms);
        assertTrue(lines.stream().anyMatch(line -> line.startsWith(
                "Built image registry.example.com/team/build-multi:1.0 (linux/amd64, linux/arm64/v8) " + digest)), lines.toString());

        Path tar = work.resolve("target/build-multi-1.0-image.tar");
        JsonNode index = Json.mapper().readTree(TarEntries.extract(tar, "blobs/sha256/" + digest.substring(7), work).toFile());
        assertEquals(2, index.get("manifests").size());
        JsonNode arm = Json.mapper().readTree(TarEntries.extract(tar, "blobs/sha256/"
                + index.get("manifests").get(1).get("digest").asText().substring(7), work).toFile());
        JsonNode armConfig = Json.mapper().readTree(TarEntries.extract(tar, "blobs/sha256/"
                + arm.get("config").get("digest").asText().substring(7), work).toFile());
        assertEquals("[\"/app\"]", armConfig.get("config").get("Entrypoint").toString(), "the shared file name");

        MavenProject project = (MavenProject) harness.get(mojo, "project");
        Map<String, File> attached = project.getAttachedArtifacts().stream()
                .collect(Collectors.toMap(Artifact::getClassifier, Artifact::getFile));
        assertEquals(List.of("image", "image-cyclonedx-linux-amd64", "image-cyclonedx-linux-arm64-v8"),
                project.getAttachedArtifacts().stream().map(Artifact::getClassifier).toList());
        Path armSbom = work.resolve("target/zeroimage/sbom-linux-arm64-v8.cdx.json");
        assertEquals(armSbom.toFile().getCanonicalFile(), attached.get("image-cyclonedx-linux-arm64-v8").getCanonicalFile());
        JsonNode bom = Json.mapper().readTree(armSbom.toFile());
        assertEquals("pkg:oci/build-multi@" + index.get("manifests").get(1).get("digest").asText()
                        + "?repository_url=registry.example.com/team/build-multi&tag=1.0",
                bom.get("metadata").get("component").get("purl").asText(), "the arm64 SBOM describes the arm64 manifest");
        assertFalse(Files.exists(work.resolve("target/zeroimage/sbom.cdx.json")));
    }

    @Test
    void oneEntryInExecutablesIsTheSingleImageOfExecutable() throws Exception {
        Path program = amd64();
        BuildMojo listed = mojo(List.of(entry(program, null)));
        listed.execute();
        String viaList = Files.readString(work.resolve("target/zeroimage/image-digest"));

        BuildMojo single = harness.buildMojo(work, program.toFile(), "build-multi");
        harness.set(single, "executables", null);
        harness.set(single, "sbom", true);
        single.execute();

        assertEquals(Files.readString(work.resolve("target/zeroimage/image-digest")), viaList);
        JsonNode report = Json.mapper().readTree(work.resolve("target/zeroimage/image.json").toFile());
        assertEquals("linux/amd64", report.get("platform").asText());
        assertTrue(Files.exists(work.resolve("target/zeroimage/sbom.cdx.json")));
    }

    @Test
    void executableTogetherWithExecutablesFailsNamingBoth() throws Exception {
        BuildMojo mojo = harness.buildMojo(work, amd64().toFile(), "build-multi");
        harness.set(mojo, "executables", List.of(entry(arm64(), null)));

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("Both executable ("), e.getMessage());
        assertTrue(e.getMessage().contains("and executables ("), e.getMessage());
    }

    @Test
    void platformTogetherWithExecutablesFailsSayingWhereThePlatformGoes() throws Exception {
        BuildMojo mojo = mojo(List.of(entry(amd64(), null), entry(arm64(), null)));
        harness.set(mojo, "platform", "linux/arm64");

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("Both platform (linux/arm64) and executables are set"), e.getMessage());
        assertTrue(e.getMessage().contains("<platform>linux/arm64</platform>"), e.getMessage());
    }

    @Test
    void aMissingFileFailsNamingIt() throws Exception {
        Path missing = work.resolve("arm64/missing");
        BuildMojo mojo = mojo(List.of(entry(amd64(), null), entry(missing, null)));

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("The executable " + missing + " (executables[1], zeroimage.executables)"
                + " does not exist"), e.getMessage());
    }

    @Test
    void twoExecutablesForOnePlatformFailNamingTheParameter() throws Exception {
        Path other = TestExecutables.staticAmd64(Files.createDirectories(work.resolve("other")).resolve("app"));
        BuildMojo mojo = mojo(List.of(entry(amd64(), null), entry(other, null)));

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("Invalid executables (zeroimage.executables): "), e.getMessage());
        assertTrue(e.getMessage().contains("are both for linux/amd64"), e.getMessage());
        assertFalse(Files.exists(work.resolve("target/build-multi-1.0-image.tar")));
    }

    @Test
    void aPlatformThatDoesNotMatchItsEntryFailsNamingTheFile() throws Exception {
        Path arm = arm64();
        BuildMojo mojo = mojo(List.of(entry(amd64(), null), entry(arm, "linux/arm/v7")));

        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);

        assertTrue(e.getMessage().startsWith("The configured platform linux/arm/v7 does not match " + arm),
                e.getMessage());
    }

    @Test
    void differentFileNamesDefaultToTheArtifactId() throws Exception {
        Path arm = TestExecutables.staticArm64(Files.createDirectories(work.resolve("arm64")).resolve("app-arm64"));
        BuildMojo mojo = mojo(List.of(entry(amd64(), null), entry(arm, null)));
        mojo.execute();

        JsonNode report = Json.mapper().readTree(work.resolve("target/zeroimage/image.json").toFile());
        Path tar = work.resolve("target/build-multi-1.0-image.tar");
        String config = report.get("platforms").get(1).get("configDigest").asText();
        JsonNode armConfig = Json.mapper().readTree(TarEntries.extract(tar, "blobs/sha256/" + config.substring(7), work)
                .toFile());
        assertEquals("[\"/build-multi\"]", armConfig.get("config").get("Entrypoint").toString());
    }
}
