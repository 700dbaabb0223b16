package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zeroimage.ZeroImageException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link CredentialHelper} against fake {@code docker-credential-zitest} scripts. */
class CredentialHelperTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HelperScript helper() throws Exception {
        return HelperScript.write(dir.resolve("bin"), "zitest", HelperScript.logins(
                "reg.example:5000", "carol", "helper-secret-1",
                "https://index.docker.io/v1/", "hubuser", "hub-secret",
                "tokens.example", "<token>", "refresh-token-xyz"));
    }

    @Test
    void getSendsTheServerUrlAndParsesTheAnswer() throws Exception {
        HelperScript script = helper();
        CredentialHelper helper = new CredentialHelper("zitest", script.environment());

        Credential credential = helper.get("reg.example:5000", "my source").orElseThrow();

        assertEquals("carol", credential.username());
        assertEquals("helper-secret-1", credential.password());
        assertNull(credential.identityToken());
        assertEquals("my source", credential.source());
        assertEquals(List.of("get reg.example:5000"), script.log());
        assertEquals("docker-credential-zitest", helper.command());
    }

    @Test
    void dockerHubIsAskedForUnderItsLegacyUrl() throws Exception {
        HelperScript script = helper();
        Credential credential = new CredentialHelper("zitest", script.environment()).get("docker.io", "s").orElseThrow();

        assertEquals("hubuser", credential.username());
        assertEquals(List.of("get https://index.docker.io/v1/"), script.log());
    }

    @Test
    void theTokenUserNameMeansAnIdentityToken() throws Exception {
        Credential credential = new CredentialHelper("zitest", helper().environment()).get("tokens.example", "s")
                .orElseThrow();

        assertEquals("refresh-token-xyz", credential.identityToken());
        assertNull(credential.password());
        assertNull(credential.username());
    }

    @Test
    void notFoundIsNoCredential() throws Exception {
        assertEquals(Optional.empty(), new CredentialHelper("zitest", helper().environment()).get("other.example", "s"));
    }

    @Test
    void storeSendsServerUrlUserAndSecretAsJson() throws Exception {
        HelperScript script = helper();
        new CredentialHelper("zitest", script.environment()).store("reg.example:5000", "dave", "stored-secret");

        List<String> log = script.log();
        assertEquals(1, log.size(), log::toString);
        assertTrue(log.get(0).startsWith("store "), log::toString);
        JsonNode payload = JSON.readTree(log.get(0).substring("store ".length()));
        assertEquals("reg.example:5000", payload.path("ServerURL").asText());
        assertEquals("dave", payload.path("Username").asText());
        assertEquals("stored-secret", payload.path("Secret").asText());
    }

    @Test
    void eraseSendsTheServerUrl() throws Exception {
        HelperScript script = helper();
        new CredentialHelper("zitest", script.environment()).erase("docker.io");

        assertEquals(List.of("erase https://index.docker.io/v1/"), script.log());
    }

    @Test
    void theHelperIsLookedUpOnTheGivenPathOnly() throws Exception {
        helper();
        Map<String, String> withoutHelper = new HashMap<>(System.getenv());

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new CredentialHelper("zitest", withoutHelper).get("reg.example:5000", "s"));

        assertTrue(e.getMessage().contains("docker-credential-zitest cannot be run"), e.getMessage());
        assertTrue(e.getMessage().contains("'zitest'"), e.getMessage());
    }

    @Test
    void aFailingHelperIsReportedWithItsOutput() throws Exception {
        HelperScript script = HelperScript.custom(dir.resolve("bin"), "zitest",
                "cat >/dev/null\necho 'keychain is locked' >&2\nexit 3\n");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new CredentialHelper("zitest", script.environment()).get("reg.example:5000", "s"));

        assertTrue(e.getMessage().contains("docker-credential-zitest get failed for reg.example:5000"), e.getMessage());
        assertTrue(e.getMessage().contains("exit 3"), e.getMessage());
        assertTrue(e.getMessage().contains("keychain is locked"), e.getMessage());
    }

    @Test
    void aFailingHelperNeverShowsItsStdoutWhichCanHoldTheSecret() throws Exception {
        // A helper that prints its answer (the secret) and then fails: only the exit code and stderr are shown.
        HelperScript script = HelperScript.custom(dir.resolve("bin"), "zitest", "cat >/dev/null\n"
                + "echo '{\"Username\":\"carol\",\"Secret\":\"Stdout-Secret-42\"}'\n"
                + "echo 'could not unlock the keyring' >&2\nexit 4\n");
        CredentialHelper helper = new CredentialHelper("zitest", script.environment());

        for (org.junit.jupiter.api.function.Executable action : List.<org.junit.jupiter.api.function.Executable>of(
                () -> helper.get("reg.example:5000", "s"), () -> helper.store("reg.example:5000", "carol", "x"),
                () -> helper.erase("reg.example:5000"))) {
            ZeroImageException e = assertThrows(ZeroImageException.class, action);

            assertTrue(e.getMessage().contains("exit 4"), e.getMessage());
            assertTrue(e.getMessage().contains("could not unlock the keyring"), e.getMessage());
            assertFalse(e.getMessage().contains("Stdout-Secret-42"), e.getMessage());
        }
    }

    @Test
    void aFailingHelperWithNothingOnStderrSaysSo() throws Exception {
        HelperScript script = HelperScript.custom(dir.resolve("bin"), "zitest",
                "cat >/dev/null\necho 'Only-Stdout-Secret'\nexit 1\n");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new CredentialHelper("zitest", script.environment()).get("reg.example:5000", "s"));

        assertTrue(e.getMessage().contains("exit 1, nothing on stderr"), e.getMessage());
        assertFalse(e.getMessage().contains("Only-Stdout-Secret"), e.getMessage());
    }

    @Test
    void aHelperThatAnswersWithoutReadingItsInputStillCounts() throws Exception {
        // The input is larger than a pipe's buffer, so writing it fails once the helper has exited.
        HelperScript script = HelperScript.custom(dir.resolve("bin"), "zitest",
                "exec 0<&-\necho 'credentials not found in native keychain'\nexit 1\n");
        String longName = "a".repeat(300_000) + ".example";

        assertEquals(Optional.empty(), new CredentialHelper("zitest", script.environment()).get(longName, "s"));
    }

    @Test
    void aHangingHelperIsStoppedAfterTheTimeout() throws Exception {
        // The helper keeps its output open: reading the output must not block past the timeout.
        HelperScript script = HelperScript.custom(dir.resolve("bin"), "zitest", "cat >/dev/null\nexec sleep 30\n");
        CredentialHelper helper = new CredentialHelper("zitest", script.environment(), Duration.ofMillis(300));

        ZeroImageException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(ZeroImageException.class, () -> helper.get("reg.example:5000", "s")));

        assertTrue(e.getMessage().contains("did not finish within 300 ms"), e.getMessage());
    }

    @Test
    void aHelperAnsweringSomethingElseThanJsonFailsWithoutEchoingIt() throws Exception {
        HelperScript script = HelperScript.custom(dir.resolve("bin"), "zitest", "cat >/dev/null\necho 'not-json secret-ish'\n");

        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new CredentialHelper("zitest", script.environment()).get("reg.example:5000", "s"));

        assertTrue(e.getMessage().contains("not JSON"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-ish"), e.getMessage());
    }
}
