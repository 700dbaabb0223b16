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

    /** skip is looked at before anything else: not even a jar (or any other check) stops a skipped goal. */
    public void testASkippedGoalChecksNothingAndWritesNothing() throws Exception {
        Path jar = work.resolve("app.jar");
        Files.write(jar, new byte[] {'P', 'K', 3, 4});
        BuildMojo mojo = configuredMojo(jar.toFile());
        setVariableValueToObject(mojo, "skip", true);
        mojo.execute();
        assertFalse(Files.exists(work.resolve("target")));
        assertFalse(Files.exists(work.resolve("cache")));
    }

    public void testTheSbomIsWrittenAndAttachedBesideTheImage() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        setVariableValueToObject(mojo, "sbom", true);
        mojo.execute();

        Path sbom = work.resolve("target/zeroimage/sbom.cdx.json");
        JsonNode bom = Json.mapper().readTree(sbom.toFile());
        String digest = Files.readString(work.resolve("target/zeroimage/image-digest"));
        assertEquals("1.6", bom.get("specVersion").asText());
        assertEquals("pkg:oci/build-basic@" + digest + "?repository_url=registry.example.com/team/build-basic&tag=1.0",
                bom.get("metadata").get("component").get("purl").asText());
        assertEquals("2024-02-03T04:05:06Z", bom.get("metadata").get("timestamp").asText());
        MavenProject project = (MavenProject) getVariableValueFromObject(mojo, "project");
        assertEquals(2, project.getAttachedArtifacts().size());
        org.apache.maven.artifact.Artifact attached = project.getAttachedArtifacts().get(1);
        assertEquals("image-cyclonedx", attached.getClassifier());
        assertEquals("json", attached.getType());
        assertEquals(sbom.toFile().getCanonicalFile(), attached.getFile().getCanonicalFile());
    }

    public void testSignWithoutAKeyFailsBeforeAnyWorkNamingSigningKey() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        setVariableValueToObject(mojo, "sign", true);
        setVariableValueToObject(mojo, "push", true);
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().contains("signingKey (zeroimage.signingKey)"));
        assertFalse(Files.exists(work.resolve("target/build-basic-1.0-image.tar")));
        assertFalse(Files.exists(work.resolve("target/zeroimage")));
    }

    public void testSignWithoutPushFailsBeforeAnyWork() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        Path key = work.resolve("key.pem");
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder().encodeToString(
                generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n");
        setVariableValueToObject(mojo, "sign", true);
        setVariableValueToObject(mojo, "signingKey", key.toFile());
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().contains("needs push (zeroimage.push=true)"));
        assertFalse(error.getMessage(), error.getMessage().contains("PRIVATE"));
        assertFalse(Files.exists(work.resolve("target/build-basic-1.0-image.tar")));

        setVariableValueToObject(mojo, "push", true);
        setVariableValueToObject(mojo, "signingKeyPasswordEnvironment", "ZEROIMAGE_TEST_UNSET_VARIABLE_42");
        error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().contains("ZEROIMAGE_TEST_UNSET_VARIABLE_42, which is not set"));
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

    public void testAnOutputFileThatIsTheExecutableIsRefusedAndTheExecutableKept() throws Exception {
        File executable = staticHello();
        byte[] before = Files.readAllBytes(executable.toPath());
        BuildMojo mojo = configuredMojo(executable);
        setVariableValueToObject(mojo, "outputFile", executable);
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().startsWith("outputFile "));
        assertTrue(error.getMessage(), error.getMessage().contains("executable"));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(executable.toPath())));
    }

    public void testABuildFailingAfterTheTarWasReplacedLeavesNoOldReport() throws Exception {
        File executable = staticHello();
        configuredMojo(executable).execute();
        Path report = work.resolve("target/zeroimage/image.json");
        Path digest = work.resolve("target/zeroimage/image-digest");
        String oldDigest = Files.readString(digest);

        // Another image (other args), and a cache whose archive records cannot be written: the build
        // fails right after the new tar is in place.
        BuildMojo mojo = configuredMojo(executable);
        setVariableValueToObject(mojo, "args", java.util.List.of("--other"));
        Path archives = work.resolve("cache/archives");
        try (var records = Files.list(archives)) {
            for (Path record : records.toList()) {
                Files.delete(record);
            }
        }
        Files.delete(archives);
        Files.writeString(archives, "not a directory");
        assertThrows(Exception.class, mojo::execute);
        Path tar = work.resolve("target/build-basic-1.0-image.tar");
        assertTrue(Files.isRegularFile(tar));
        assertFalse("the old report must not describe the new tar", Files.exists(report));
        assertFalse(Files.exists(digest));

        Files.delete(archives);
        configuredMojo(executable).execute();
        assertEquals(oldDigest, Files.readString(digest));
        assertTrue(Files.exists(report));
    }

    /** A dynamic x86_64 executable (glibc's loader and libc): read and checked, never run. */
    private File dynamicHello() {
        return TestExecutables.dynamicAmd64(work.resolve("hello-dynamic"), "/lib64/ld-linux-x86-64.so.2", "libc.so.6")
                .toFile();
    }

    /** Keeps what the mojo logs at info and warn. */
    static final class CapturingLog extends org.apache.maven.plugin.logging.SystemStreamLog {
        final java.util.List<String> infos = new java.util.ArrayList<>();
        final java.util.List<String> warnings = new java.util.ArrayList<>();

        @Override
        public void info(CharSequence content) {
            infos.add(content.toString());
        }

        @Override
        public void warn(CharSequence content) {
            warnings.add(content.toString());
        }
    }

    public void testTheSummaryNamesTheExecutableAndSaysKeptForAnUnchangedTar() throws Exception {
        File executable = staticHello();
        Path tar = work.resolve("target/build-basic-1.0-image.tar");
        String from = ", from " + executable.toPath().toAbsolutePath() + " ("
                + dev.zeroimage.util.Sizes.human(Files.size(executable.toPath())) + ")";
        CapturingLog first = new CapturingLog();
        BuildMojo mojo = configuredMojo(executable);
        mojo.setLog(first);
        mojo.execute();
        String built = first.infos.stream().filter(line -> line.startsWith("Built image ")).findFirst().orElseThrow();
        assertTrue(built, built.contains(" compressed, in "));
        assertTrue(built, built.contains(from + ", written to " + tar));

        CapturingLog second = new CapturingLog();
        BuildMojo again = configuredMojo(executable);
        again.setLog(second);
        again.execute();
        String kept = second.infos.stream().filter(line -> line.startsWith("Built image ")).findFirst().orElseThrow();
        assertTrue(kept, kept.endsWith(from + ", kept " + tar + " (unchanged)"));
    }

    public void testLibrariesIgnoreWarnsNamingTheMissingInterpreter() throws Exception {
        BuildMojo mojo = configuredMojo(dynamicHello());
        setVariableValueToObject(mojo, "libraries", "ignore");
        CapturingLog log = new CapturingLog();
        mojo.setLog(log);
        mojo.execute();
        assertTrue(log.warnings.toString(), log.warnings.stream().anyMatch(w -> w.contains("/lib64/ld-linux-x86-64.so.2")
                && w.contains("may not start")));
        assertTrue(Files.isRegularFile(work.resolve("target/build-basic-1.0-image.tar")));
    }

    public void testAllowDynamicIsAnAliasForIgnore() throws Exception {
        BuildMojo mojo = configuredMojo(dynamicHello());
        setVariableValueToObject(mojo, "allowDynamic", true);
        CapturingLog log = new CapturingLog();
        mojo.setLog(log);
        mojo.execute();
        assertTrue(log.warnings.toString(), log.warnings.stream().anyMatch(w -> w.contains("libraries=ignore")));
    }

    public void testAnInvalidLibrariesModeNamesTheParameter() throws Exception {
        BuildMojo mojo = configuredMojo(staticHello());
        setVariableValueToObject(mojo, "libraries", "copy");
        MojoFailureException error = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(error.getMessage(), error.getMessage().contains("libraries (zeroimage.libraries)")
                && error.getMessage().contains("check") && error.getMessage().contains("bundle"));
    }
}
