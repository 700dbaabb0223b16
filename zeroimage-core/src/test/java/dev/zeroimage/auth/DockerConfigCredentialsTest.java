package dev.zeroimage.auth;

import dev.zeroimage.ZeroImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading Docker-style config files, and asking sources in order. */
class DockerConfigCredentialsTest {
    @TempDir
    Path dir;

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private Path config(String json) throws Exception {
        Path file = dir.resolve("config-" + System.nanoTime() + ".json");
        Files.writeString(file, json);
        return file;
    }

    private HelperScript helper() throws Exception {
        return HelperScript.write(dir.resolve("bin"), "zitest", HelperScript.logins(
                "reg.example:5000", "helper-user", "helper-secret",
                "https://index.docker.io/v1/", "hub-helper-user", "hub-helper-secret"));
    }

    // ------------------------------------------------------------------ auths

    @Test
    void authsWithBase64UserAndPassword() throws Exception {
        Path file = config("{\"auths\":{\"other.example\":{\"auth\":\"" + b64("x:y") + "\"},"
                + "\"reg.example:5000\":{\"auth\":\"" + b64("bob:pa:ss:word") + "\"}}}");

        Credential credential = new DockerConfigCredentials(file, "Docker config X").find("reg.example:5000").orElseThrow();

        assertEquals("bob", credential.username());
        assertEquals("pa:ss:word", credential.password(), "only the first colon separates");
        assertNull(credential.identityToken());
        assertEquals("Docker config X auths", credential.source());
        assertFalse(credential.toString().contains("pa:ss:word"), credential.toString());
    }

    @Test
    void authsKeysWithSchemeAndPathMatchTheHost() throws Exception {
        Path file = config("{\"auths\":{\"https://reg.example:5000/v1/\":{\"auth\":\"" + b64("bob:pw") + "\"}}}");

        assertEquals("bob", new DockerConfigCredentials(file, "c").find("reg.example:5000").orElseThrow().username());
        assertEquals(Optional.empty(), new DockerConfigCredentials(file, "c").find("reg.example"));
    }

    @Test
    void authsWithSeparateUsernameAndPasswordFields() throws Exception {
        Path file = config("{\"auths\":{\"reg.example\":{\"username\":\"erin\",\"password\":\"plain-pw\"}}}");

        Credential credential = new DockerConfigCredentials(file, "c").find("reg.example").orElseThrow();

        assertEquals("erin", credential.username());
        assertEquals("plain-pw", credential.password());
    }

    @Test
    void identityTokenIsParsed() throws Exception {
        Path file = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("frank:") + "\","
                + "\"identitytoken\":\"oauth-refresh-123\"}}}");

        Credential credential = new DockerConfigCredentials(file, "c").find("reg.example").orElseThrow();

        assertEquals("oauth-refresh-123", credential.identityToken());
        assertEquals("frank", credential.username());
        assertNull(credential.password());
    }

    @Test
    void dockerHubIsFoundUnderItsLegacyKey() throws Exception {
        Path file = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubby:hub-pw") + "\"}}}");
        DockerConfigCredentials credentials = new DockerConfigCredentials(file, "c");

        assertEquals("hubby", credentials.find("docker.io").orElseThrow().username());
        assertEquals("hub-pw", credentials.find("docker.io").orElseThrow().password());
        assertEquals("hubby", credentials.find("index.docker.io").orElseThrow().username());
        assertEquals(Optional.empty(), credentials.find("ghcr.io"));
    }

    @Test
    void anEmptyEntryOrAMissingFileIsNoCredential() throws Exception {
        assertEquals(Optional.empty(), new DockerConfigCredentials(config("{\"auths\":{\"reg.example\":{}}}"), "c")
                .find("reg.example"));
        assertEquals(Optional.empty(), new DockerConfigCredentials(dir.resolve("missing.json"), "c").find("reg.example"));
        assertEquals(Optional.empty(), new DockerConfigCredentials(null, "c").find("reg.example"));
    }

    @Test
    void brokenFilesAreReportedWithoutTheirContent() throws Exception {
        Path notJson = config("{\"auths\": {\"reg.example\": {\"auth\": \"c2VjcmV0\"");
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new DockerConfigCredentials(notJson, "Docker config").find("reg.example"));
        assertTrue(e.getMessage().contains(notJson.toString()), e.getMessage());
        assertFalse(e.getMessage().contains("c2VjcmV0"), e.getMessage());

        Path badBase64 = config("{\"auths\":{\"reg.example\":{\"auth\":\"%%not-base64-secret%%\"}}}");
        e = assertThrows(ZeroImageException.class,
                () -> new DockerConfigCredentials(badBase64, "c").find("reg.example"));
        assertTrue(e.getMessage().contains("reg.example"), e.getMessage());
        assertFalse(e.getMessage().contains("not-base64-secret"), e.getMessage());

        Path noColon = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("justasecret") + "\"}}}");
        e = assertThrows(ZeroImageException.class, () -> new DockerConfigCredentials(noColon, "c").find("reg.example"));
        assertFalse(e.getMessage().contains("justasecret"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    @Test
    void credHelpersForTheHostWinOverAuths() throws Exception {
        HelperScript script = helper();
        Path file = config("{\"credHelpers\":{\"reg.example:5000\":\"zitest\"},"
                + "\"auths\":{\"reg.example:5000\":{\"auth\":\"" + b64("file-user:file-pw") + "\"}}}");

        Credential credential = new DockerConfigCredentials(file, "Docker config X", script.environment())
                .find("reg.example:5000").orElseThrow();

        assertEquals("helper-user", credential.username());
        assertEquals("helper-secret", credential.password());
        assertEquals("Docker config X credHelpers (docker-credential-zitest)", credential.source());
        assertEquals(List.of("get reg.example:5000"), script.log());
    }

    @Test
    void credHelpersOfAnotherHostAreNotAsked() throws Exception {
        HelperScript script = helper();
        Path file = config("{\"credHelpers\":{\"other.example\":\"zitest\"},"
                + "\"auths\":{\"reg.example:5000\":{\"auth\":\"" + b64("file-user:file-pw") + "\"}}}");

        Credential credential = new DockerConfigCredentials(file, "c", script.environment())
                .find("reg.example:5000").orElseThrow();

        assertEquals("file-user", credential.username());
        assertEquals(List.of(), script.log());
    }

    @Test
    void credsStoreIsAskedAndFallsBackToAuthsWhenItHasNothing() throws Exception {
        HelperScript script = helper();
        Path file = config("{\"credsStore\":\"zitest\","
                + "\"auths\":{\"reg.example:5000\":{},\"legacy.example\":{\"auth\":\"" + b64("old:old-pw") + "\"}}}");
        DockerConfigCredentials credentials = new DockerConfigCredentials(file, "c", script.environment());

        Credential stored = credentials.find("reg.example:5000").orElseThrow();
        Credential legacy = credentials.find("legacy.example").orElseThrow();
        Credential hub = credentials.find("docker.io").orElseThrow();

        assertEquals("helper-user", stored.username());
        assertEquals("c credsStore (docker-credential-zitest)", stored.source());
        assertEquals("old", legacy.username());
        assertEquals("c auths", legacy.source());
        assertEquals("hub-helper-user", hub.username());
        assertEquals(List.of("get reg.example:5000", "get legacy.example", "get https://index.docker.io/v1/"),
                script.log());
    }

    // ------------------------------------------------------------------ default locations

    @Test
    void defaultLocationsFollowTheEnvironment() {
        Path home = Path.of("/home/someone");
        assertEquals(Path.of("/cfg/config.json"),
                DockerConfigCredentials.defaultDockerConfig(Map.of("DOCKER_CONFIG", "/cfg"), home));
        assertEquals(home.resolve(".docker/config.json"), DockerConfigCredentials.defaultDockerConfig(Map.of(), home));
        assertEquals(Path.of("/a/auth.json"), DockerConfigCredentials.defaultContainersAuthFile(
                Map.of("REGISTRY_AUTH_FILE", "/a/auth.json", "XDG_RUNTIME_DIR", "/run/user/1")));
        assertEquals(Path.of("/run/user/1/containers/auth.json"),
                DockerConfigCredentials.defaultContainersAuthFile(Map.of("XDG_RUNTIME_DIR", "/run/user/1")));
        assertNull(DockerConfigCredentials.defaultContainersAuthFile(Map.of()));
    }

    // ------------------------------------------------------------------ the chain

    @Test
    void theFirstSourceWithACredentialWinsAndIsNamedWithoutThePassword() throws Exception {
        Path first = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("first-user:first-SECRET-pw") + "\"}}}");
        Path second = config("{\"auths\":{\"reg.example\":{\"auth\":\"" + b64("second-user:second-SECRET-pw") + "\"}}}");
        List<String> messages = new ArrayList<>();
        CredentialChain chain = new CredentialChain(List.of(
                new DockerConfigCredentials(dir.resolve("absent.json"), "absent file"),
                new DockerConfigCredentials(first, "first file"),
                new DockerConfigCredentials(second, "second file")), messages::add);

        Credential credential = chain.find("reg.example").orElseThrow();

        assertEquals("first-user", credential.username());
        assertEquals(List.of("Using credentials for reg.example from first file auths"), messages);
        assertNoSecretLogged(messages);
    }

    @Test
    void aLaterSourceAnswersWhenTheFirstHasNothingForTheRegistry() throws Exception {
        HelperScript script = helper();
        Path first = config("{\"auths\":{\"other.example\":{\"auth\":\"" + b64("o:first-SECRET-pw") + "\"}}}");
        Path second = config("{\"credHelpers\":{\"reg.example:5000\":\"zitest\"}}");
        List<String> messages = new ArrayList<>();
        CredentialChain chain = new CredentialChain(List.of(new DockerConfigCredentials(first, "first file"),
                new DockerConfigCredentials(second, "second file", script.environment())), messages::add);

        Credential credential = chain.find("reg.example:5000").orElseThrow();

        assertEquals("helper-user", credential.username());
        assertEquals(1, messages.size(), messages::toString);
        assertTrue(messages.get(0).contains("second file credHelpers (docker-credential-zitest)"), messages::toString);
        assertFalse(messages.get(0).contains("helper-secret"), messages::toString);
        assertNoSecretLogged(messages);
    }

    @Test
    void noSourceMeansAnonymousAndSaysSo() throws Exception {
        List<String> messages = new ArrayList<>();
        CredentialChain chain = new CredentialChain(List.of(CredentialSource.ANONYMOUS,
                new DockerConfigCredentials(dir.resolve("absent.json"), "absent")), messages::add);

        assertEquals(Optional.empty(), chain.find("reg.example"));
        assertEquals(List.of("No credentials found for reg.example: accessing it anonymously"), messages);
    }

    private static void assertNoSecretLogged(List<String> messages) {
        for (String message : messages) {
            assertFalse(message.contains("SECRET"), message);
            assertFalse(message.contains("secret"), message);
        }
    }
}
