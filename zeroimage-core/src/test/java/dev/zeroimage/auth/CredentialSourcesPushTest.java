package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.PushFixtures;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.zeroimage.auth.DockerConfigCredentialsTest.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real pushes to a TLS registry with htpasswd authentication, with the credential taken from each
 * kind of source: Docker config auths, a credHelpers helper, a credsStore helper, the auth file
 * {@code skopeo login} writes, and a login stored by {@link DockerConfigWriter}.
 */
@Tag("real")
class CredentialSourcesPushTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER = "pushuser";
    private static final String PASSWORD = "Push-Secret-4711";

    @TempDir
    static Path shared;

    private static TestRegistry registry;
    private static Image image;

    @TempDir
    Path dir;

    private final List<String> messages = new ArrayList<>();

    @BeforeAll
    static void setUp() throws Exception {
        ExternalTools.require("skopeo");
        Path hello = PushFixtures.compileStatic(shared.resolve("src"), "hello", "hello credentials");
        image = PushFixtures.build(new BlobStore(shared.resolve("cache")), hello);
        registry = TestRegistry.tlsWithBasicAuth(shared.resolve("tls"), USER, PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    /** Pushes through a chain holding only {@code source}; returns the chain's log. */
    private List<String> pushWith(CredentialSource source, String repository) throws Exception {
        CredentialChain chain = new CredentialChain(List.of(source), messages::add);
        ImagePusher.Result result = new ImagePusher(PushFixtures.tls(registry, chain), messages::add)
                .push(image, ImageReference.parse(registry.host() + "/" + repository + ":1"), List.of(), null);
        assertEquals(image.digest(), result.digest());
        PushFixtures.assertPushed(registry, repository + ":1", image);
        for (String message : messages) {
            assertFalse(message.contains(PASSWORD), message);
            assertFalse(message.contains(b64(USER + ":" + PASSWORD)), message);
        }
        return messages;
    }

    @Test
    void pushWithDockerConfigAuths() throws Exception {
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + b64(USER + ":" + PASSWORD)
                + "\"}}}");

        List<String> log = pushWith(new DockerConfigCredentials(config, "Docker config " + config), "d/auths");

        assertTrue(log.contains("Using credentials for " + registry.host() + " from Docker config " + config + " auths"),
                log::toString);
    }

    @Test
    void pushWithACredHelper() throws Exception {
        HelperScript script = HelperScript.write(dir.resolve("bin"), "zitest",
                HelperScript.logins(registry.host(), USER, PASSWORD));
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"credHelpers\":{\"" + registry.host() + "\":\"zitest\"}}");

        List<String> log = pushWith(new DockerConfigCredentials(config, "Docker config", script.environment()),
                "d/credhelpers");

        assertTrue(log.get(0).endsWith("from Docker config credHelpers (docker-credential-zitest)"), log::toString);
        assertEquals(List.of("get " + registry.host()), script.log());
    }

    @Test
    void pushWithACredsStore() throws Exception {
        HelperScript script = HelperScript.write(dir.resolve("bin"), "zitest",
                HelperScript.logins(registry.host(), USER, PASSWORD));
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"credsStore\":\"zitest\",\"auths\":{\"" + registry.host() + "\":{}}}");

        List<String> log = pushWith(new DockerConfigCredentials(config, "Docker config", script.environment()),
                "d/credsstore");

        assertTrue(log.get(0).endsWith("from Docker config credsStore (docker-credential-zitest)"), log::toString);
        assertEquals(List.of("get " + registry.host()), script.log());
    }

    @Test
    void pushWithTheAuthFileSkopeoLoginWrites() throws Exception {
        Path authFile = dir.resolve("containers/auth.json");
        List<String> login = new ArrayList<>(List.of("login", "--authfile", authFile.toString()));
        login.addAll(List.of("--tls-verify=false", "-u", USER, "-p", PASSWORD, registry.host()));
        ExternalTools.ProcessResult result = registry.skopeo(login);
        assertEquals(0, result.exitCode(), result::output);
        JsonNode written = JSON.readTree(authFile.toFile());
        assertEquals(b64(USER + ":" + PASSWORD), written.path("auths").path(registry.host()).path("auth").asText(),
                written::toString);

        DockerConfigCredentials source = new DockerConfigCredentials(authFile, "containers auth file " + authFile);
        Credential credential = source.find(registry.host()).orElseThrow();
        assertEquals(USER, credential.username());
        assertEquals(PASSWORD, credential.password());

        List<String> log = pushWith(source, "d/skopeo");
        assertTrue(log.get(0).contains("containers auth file " + authFile), log::toString);
    }

    @Test
    void pushWithALoginStoredByTheWriterAfterAnEarlierSourceHadNothing() throws Exception {
        Path config = dir.resolve("docker/config.json");
        new DockerConfigWriter(config).store(registry.host(), USER, PASSWORD);
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "{\"auths\":{\"other.example\":{\"auth\":\"" + b64("x:y") + "\"}}}");
        CredentialSource chain = new CredentialChain(List.of(new DockerConfigCredentials(empty, "empty file"),
                new DockerConfigCredentials(config, "stored login")), messages::add);

        List<String> log = pushWith(chain, "d/writer");

        assertTrue(log.contains("Using credentials for " + registry.host() + " from stored login auths"), log::toString);
        assertFalse(log.stream().anyMatch(m -> m.contains("empty file")), log::toString);
    }
}
