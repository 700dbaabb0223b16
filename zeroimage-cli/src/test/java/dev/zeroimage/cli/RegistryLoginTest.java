package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * login / logout against a TLS + htpasswd docker-registry, and check-auth against it and against a
 * token-auth registry: OK, wrong password, pull-only token, no credentials, unreachable; each with its
 * message and exit code, and never the password in any output.
 */
@Tag("real")
class RegistryLoginTest {
    private static final String PASSWORD = "Cli-Pa55-for-alice";
    private static final String WRONG = "not-alices-password";
    private static final String READER_PASSWORD = "Reader-Pa55";

    @TempDir
    Path home;

    private static void assertNoSecret(CliRun run) {
        for (String secret : List.of(PASSWORD, WRONG, READER_PASSWORD)) {
            assertFalse(run.stdout().contains(secret) || run.stderr().contains(secret), "a password in the output:\n" + run);
        }
    }

    @Test
    void loginWithPasswordStdinThenCheckAuthThenLogout() throws Exception {
        try (TestRegistry tls = TestRegistry.tlsWithBasicAuth(home.resolve("tls"), "alice", PASSWORD)) {
            String host = tls.host();
            String ca = tls.caCertificatePem().toString();
            Path config = home.resolve(".docker/config.json");

            CliRun wrong = CliRun.run(home, Map.of(), WRONG + "\n", "login", "-u", "alice", "--password-stdin",
                    "--ca-cert", ca, host);
            assertEquals(1, wrong.exitCode(), wrong.toString());
            assertTrue(wrong.stderr().contains("Registry " + host + " denied access"), wrong.toString());
            assertTrue(wrong.stderr().contains("user alice"), wrong.toString());
            assertFalse(Files.exists(config), "a refused login wrote " + config);
            assertNoSecret(wrong);

            CliRun login = CliRun.run(home, Map.of(), PASSWORD + "\n", "login", "-u", "alice", "--password-stdin",
                    "--ca-cert", ca, "https://" + host + "/");
            assertEquals(0, login.exitCode(), login.toString());
            assertEquals("Login to " + host + " as alice succeeded; stored in " + config, login.stdout().strip());
            JsonNode stored = ImageTools.JSON.readTree(config.toFile());
            String auth = stored.path("auths").path(host).path("auth").asText();
            assertEquals(Base64.getEncoder().encodeToString(("alice:" + PASSWORD).getBytes(StandardCharsets.UTF_8)), auth,
                    "auths[" + host + "].auth is not base64(alice:<password>)");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config)));
            assertNoSecret(login);

            String image = host + "/demo/app:1";
            CliRun ok = CliRun.run(home, "check-auth", "--push", image, "--ca-cert", ca);
            assertEquals(0, ok.exitCode(), ok.toString());
            assertEquals("OK: can push to " + image, ok.stdout().strip());
            assertTrue(ok.stderr().contains("Using credentials for " + host + " from Docker config " + config),
                    ok.toString());
            assertTrue(tls.requests().stream().anyMatch(r -> r.method().equals("POST") && r.status() == 202),
                    "no upload was opened: " + tls.requests());
            assertTrue(tls.requests().stream().anyMatch(r -> r.method().equals("DELETE")),
                    "the upload was not cancelled: " + tls.requests());
            CliRun quiet = CliRun.run(home, "check-auth", "--quiet", "--push", image, "--ca-cert", ca);
            assertEquals(0, quiet.exitCode(), quiet.toString());
            assertEquals("", quiet.stdout() + quiet.stderr(), "--quiet prints nothing on success");

            CliRun logout = CliRun.run(home, "logout", host);
            assertEquals(0, logout.exitCode(), logout.toString());
            assertEquals("Removed the login for " + host + " from " + config, logout.stdout().strip());
            assertFalse(ImageTools.JSON.readTree(config.toFile()).path("auths").has(host));

            CliRun anonymous = CliRun.run(home, "check-auth", "--push", image, "--ca-cert", ca);
            assertEquals(1, anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.stderr().contains("Cannot push to " + image + ": no credentials for " + host),
                    anonymous.toString());

            CliRun untrusted = CliRun.run(home, "check-auth", "--push", image);
            assertEquals(1, untrusted.exitCode(), untrusted.toString());
            assertTrue(untrusted.stderr().contains("is unreachable: TLS with registry " + host + " failed"),
                    untrusted.toString());
        }
    }

    @Test
    void checkAuthWithATokenServer() throws Exception {
        Map<String, String> users = new LinkedHashMap<>();
        users.put("alice", PASSWORD);
        users.put("reader", READER_PASSWORD);
        try (TestRegistry token = TestRegistry.tokenAuth(home.resolve("token"), users, true)) {
            token.tokenServer().restrictToPull("reader");
            String host = token.host();
            String image = host + "/team/app:2";

            CliRun ok = CliRun.run(home, Map.of(), PASSWORD, "check-auth", "--push", image, "--insecure-registry", host,
                    "--username", "alice", "--password-stdin");
            assertEquals(0, ok.exitCode(), ok.toString());
            assertEquals("OK: can push to " + image, ok.stdout().strip());
            assertTrue(token.tokenServer().requestedScopes().contains("repository:team/app:pull,push"),
                    "no push-scoped token was asked for: " + token.tokenServer().requestedScopes());

            CliRun wrong = CliRun.run(home, Map.of(), WRONG, "check-auth", "--push", image, "--insecure-registry", host,
                    "--username", "alice", "--password-stdin");
            assertEquals(1, wrong.exitCode(), wrong.toString());
            assertTrue(wrong.stderr().contains("Cannot push to " + image + ": registry " + host + " refused the"
                    + " credentials from --username/--password-stdin (user alice): wrong username or password"),
                    wrong.toString());

            CliRun reader = CliRun.run(home, Map.of(), READER_PASSWORD, "check-auth", "--push", image,
                    "--insecure-registry", host, "--username", "reader", "--password-stdin");
            assertEquals(1, reader.exitCode(), reader.toString());
            assertTrue(reader.stderr().contains("grants them no push access to team/app (a pull-only token"),
                    reader.toString());

            CliRun anonymous = CliRun.run(home, "check-auth", "--push", image, "--insecure-registry", host);
            assertEquals(1, anonymous.exitCode(), anonymous.toString());
            assertTrue(anonymous.stderr().contains("no credentials for " + host), anonymous.toString());
            for (CliRun run : List.of(ok, wrong, reader, anonymous)) {
                assertNoSecret(run);
            }
        }
    }

    @Test
    void offlineRefusesToTalkToTheRegistry() {
        CliRun run = CliRun.run(home, "check-auth", "--offline", "--push", "127.0.0.1:5999/a/b:1");
        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("while offline"), run.toString());
    }
}
