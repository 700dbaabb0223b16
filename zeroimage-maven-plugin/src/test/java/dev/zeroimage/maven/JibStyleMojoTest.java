package dev.zeroimage.maven;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Json;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.plugin.testing.AbstractMojoTestCase;
import org.apache.maven.project.MavenProject;
import org.apache.maven.project.MavenProjectHelper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Jib's spelling as Maven's own configurator (maven-plugin-testing-harness) fills it in: beans for
 * {@code <from>}, {@code <to>} and {@code <container>}, then the build on a synthetic static executable.
 */
public class JibStyleMojoTest extends AbstractMojoTestCase {
    private Path work;

    @Override
    protected void setUp() throws Exception {
        super.setUp();
        work = Files.createTempDirectory("zeroimage-jib-style-test");
    }

    private BuildMojo configuredMojo() throws Exception {
        BuildMojo mojo = (BuildMojo) lookupMojo("build", getTestFile("src/test/resources/unit/build-jib-style/pom.xml"));
        Model model = new Model();
        model.setGroupId("dev.zeroimage.test");
        model.setArtifactId("build-jib-style");
        model.setVersion("1.0");
        model.setPackaging("pom");
        Build build = new Build();
        build.setDirectory(work.resolve("target").toString());
        build.setFinalName("build-jib-style-1.0");
        model.setBuild(build);
        MavenProject project = new MavenProject(model);
        project.setArtifact(new org.apache.maven.artifact.DefaultArtifact("dev.zeroimage.test", "build-jib-style",
                "1.0", "compile", "pom", null, new org.apache.maven.artifact.handler.DefaultArtifactHandler("pom")));
        setVariableValueToObject(mojo, "project", project);
        setVariableValueToObject(mojo, "projectHelper", lookup(MavenProjectHelper.class));
        setVariableValueToObject(mojo, "executable", TestExecutables.staticAmd64(work.resolve("hello")).toFile());
        setVariableValueToObject(mojo, "outputFile", work.resolve("target/image.tar").toFile());
        setVariableValueToObject(mojo, "cacheDirectory", work.resolve("cache").toFile());
        setVariableValueToObject(mojo, "sbom", false);
        return mojo;
    }

    public void testTheConfiguratorFillsTheJibBeans() throws Exception {
        BuildMojo mojo = configuredMojo();
        From from = (From) getVariableValueFromObject(mojo, "from");
        assertEquals("static", from.getImage());
        To to = (To) getVariableValueFromObject(mojo, "to");
        assertEquals("registry.example.com/team/jib-style:2", to.getImage());
        assertEquals(List.of("latest"), to.getTags());
        Container container = (Container) getVariableValueFromObject(mojo, "container");
        assertEquals(List.of("8443"), container.getPorts());
        assertEquals("Docker", container.getFormat());
        assertTrue(container.unsupported().isEmpty());
    }

    public void testTheImageCarriesTheJibStyleSettings() throws Exception {
        BuildMojo mojo = configuredMojo();
        mojo.execute();

        JsonNode report = Json.mapper().readTree(work.resolve("target/zeroimage/image.json").toFile());
        assertEquals("registry.example.com/team/jib-style:2", report.get("image").asText());
        assertEquals(2, report.get("layers").size()); // the static base's layer, then the executable's
        Path tar = work.resolve("target/image.tar");
        String digest = report.get("manifestDigest").asText();
        JsonNode manifest = Json.mapper().readTree(TarEntries.extract(tar, "blobs/sha256/" + digest.substring(7), work)
                .toFile());
        assertEquals("application/vnd.docker.distribution.manifest.v2+json", manifest.get("mediaType").asText());
        JsonNode image = Json.mapper().readTree(TarEntries.extract(tar,
                "blobs/sha256/" + report.get("configDigest").asText().substring(7), work).toFile());
        JsonNode config = image.get("config");
        assertEquals("[\"serve\"]", config.get("Cmd").toString());
        assertTrue(config.get("Env").toString().contains("MODE=jib"));
        assertEquals("platform", config.get("Labels").get("team").asText());
        assertTrue(config.get("ExposedPorts").has("8443/tcp"));
        assertEquals("/srv", config.get("WorkingDir").asText());
        assertTrue(config.get("Volumes").has("/cache"));
        assertTrue(config.get("User").asText().startsWith("nonroot") || config.get("User").asText().startsWith("65532"));
        assertEquals("1970-01-01T00:00:00Z", image.get("created").asText());
    }
}
