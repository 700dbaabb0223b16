package dev.zeroimage.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Json;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

import java.io.File;

import static org.junit.Assert.assertThrows;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the build mojo as Maven would configure it from a POM (maven-plugin-testing-harness), on a
 * synthetic static executable.
 */
public class BuildMojoTest extends AbstractMojoTestCase {
    private Path work;

    @Override
    protected void setUp() throws Exception {
        super.setUp();
        work = Files.createTempDirectory("zeroimage-mojo-test");
    }

    private BuildMojo configuredMojo(File executable) throws Exception {
        File pom = getTestFile("src/test/resources/unit/build-basic/pom.xml");
        BuildMojo mojo = (BuildMojo) lookupMojo("build", pom);
        Model model = new Model();
        model.setGroupId("dev.zeroimage.test");
        model.setArtifactId("build-basic");
        model.setVersion("1.0");
        model.setPackaging("pom");
        model.setName("Build basic");
        model.setDescription("A mojo test project");
        Build build = new Build();
        build.setDirectory(work.resolve("target").toString());
        build.setFinalName("build-basic-1.0");
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setFile(pom);
        project.setArtifact(new org.apache.maven.artifact.DefaultArtifact("dev.zeroimage.test", "build-basic", "1.0",
                "compile", "pom", null, new org.apache.maven.artifact.handler.DefaultArtifactHandler("pom")));
        setVariableValueToObject(mojo, "project", project);
        setVariableValueToObject(mojo, "projectHelper", lookup(MavenProjectHelper.class));
        setVariableValueToObject(mojo, "executable", executable);
        setVariableValueToObject(mojo, "outputFile", work.resolve("target/build-basic-1.0-image.tar").toFile());
        setVariableValueToObject(mojo, "cacheDirectory", work.resolve("cache").toFile());
        return mojo;
    }

    /** A static x86_64 executable: the mojo reads and packs it but never runs it, so no compiler is needed. */
    private File staticHello() {
        return TestExecutables.staticAmd64(work.resolve("hello")).toFile();
    }

    public void testConfigurationFromThePomEndsUpInTheImage() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        mojo.execute();

        Path tar = work.resolve("target/build-basic-1.0-image.tar");
        assertTrue(Files.isRegularFile(tar));
        JsonNode report = Json.mapper().readTree(work.resolve("target/zeroimage/image.json").toFile());
        assertEquals("registry.example.com/team/build-basic:1.0", report.get("image").asText());
        assertEquals("linux/amd64", report.get("platform").asText());
        String digest = Files.readString(work.resolve("target/zeroimage/image-digest"));
        assertEquals(report.get("manifestDigest").asText(), digest);

        Path config = TarEntries.extract(tar, "blobs/sha256/" + report.get("configDigest").asText().substring(7), work);
        JsonNode image = Json.mapper().readTree(config.toFile());
        JsonNode runtime = image.get("config");
        assertEquals("[\"/usr/local/bin/hello\"]", runtime.get("Entrypoint").toString());
        assertEquals("[\"--port\",\"8080\"]", runtime.get("Cmd").toString());
        assertEquals("65532:65532", runtime.get("User").asText());
        assertEquals("/work", runtime.get("WorkingDir").asText());
        assertTrue(runtime.get("Env").toString().contains("GREETING=hi"));
        assertTrue(runtime.get("Env").toString().contains("PATH=/usr/local/sbin"));
        assertEquals("platform", runtime.get("Labels").get("team").asText());
        assertTrue(runtime.get("ExposedPorts").has("8080/tcp"));
        assertTrue(runtime.get("ExposedPorts").has("53/udp"));
        assertTrue(runtime.get("Volumes").has("/data"));
        assertEquals("2024-02-03T04:05:06Z", image.get("created").asText());

        Path manifest = TarEntries.extract(tar, "blobs/sha256/" + digest.substring(7), work);
        JsonNode annotations = Json.mapper().readTree(manifest.toFile()).get("annotations");
        assertEquals("Build basic", annotations.get("org.opencontainers.image.title").asText());
        assertEquals("1.0", annotations.get("org.opencontainers.image.version").asText());
        assertEquals("A mojo test project", annotations.get("org.opencontainers.image.description").asText());

        MavenProject project = (MavenProject) getVariableValueFromObject(mojo, "project");
        assertEquals(1, project.getAttachedArtifacts().size());
        assertEquals("image", project.getAttachedArtifacts().get(0).getClassifier());
        assertEquals("tar", project.getAttachedArtifacts().get(0).getType());
    }

    public void testAJarIsRejectedWithAClearMessageAndNothingIsWritten() throws Exception {
        Path jar = work.resolve("app.jar");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
            zip.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        }
        BuildMojo mojo = configuredMojo(jar.toFile());
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().contains("Java archive"));
        assertFalse(Files.exists(work.resolve("target/build-basic-1.0-image.tar")));
    }

    public void testAnInvalidPortNamesTheParameterAndFailsBeforeAnyBlobIsWritten() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        setVariableValueToObject(mojo, "ports", java.util.List.of("8080", "http"));
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().startsWith("Invalid port 'http' in ports"));
        assertEquals("blobs in the cache", 0, blobs(work.resolve("cache")));
    }

    public void testAnUnknownUserFailsBeforeAnyBlobIsWritten() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        setVariableValueToObject(mojo, "user", "nonroot");
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().contains("user 'nonroot' is a name"));
        assertEquals("blobs in the cache", 0, blobs(work.resolve("cache")));
    }

    private static long blobs(Path cache) throws Exception {
        if (!Files.isDirectory(cache.resolve("blobs"))) {
            return 0;
        }
        try (var files = Files.walk(cache.resolve("blobs"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
