package dev.zeroimage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static dev.zeroimage.auth.DockerConfigCredentialsTest.b64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link DockerConfigWriter}: login and logout as docker does them, keeping the rest of the file. */
class DockerConfigWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXISTING = """
            {
              "auths": {
                "other.example:5000": {"auth": "%s"},
                "reg.example:5000": {"auth": "%s"}
              },
              "credHelpers": {"helper-only.example": "zitest"},
              "proxies": {"default": {"httpProxy": "http://proxy.example:3128", "noProxy": "*.local"}},
              "HttpHeaders": {"User-Agent": "custom"},
              "currentContext": "desktop-linux"
            }
            """.formatted(b64("other:other-pw"), b64("old:old-pw"));

    @TempDir
    Path dir;

    private Path existing() throws Exception {
        Path file = dir.resolve("docker/config.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, EXISTING);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static JsonNode read(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void storeWritesTheAuthAndKeepsEverythingElse() throws Exception {
        Path file = existing();
        JsonNode before = read(file);

        String where = new DockerConfigWriter(file).store("reg.example:5000", "newuser", "new:pass-word");

        JsonNode after = read(file);
        assertEquals(file.toString(), where);
        assertEquals(b64("newuser:new:pass-word"), after.path("auths").path("reg.example:5000").path("auth").asText());
        assertEquals(before.path("auths").path("other.example:5000"), after.path("auths").path("other.example:5000"));
        for (String key : List.of("credHelpers", "proxies", "HttpHeaders", "currentContext")) {
            assertEquals(before.get(key), after.get(key), key);
        }
        assertEquals(2, after.path("auths").size(), after::toString);
        assertEquals("rw-------", mode(file));
        Credential credential = new DockerConfigCredentials(file, "c").find("reg.example:5000").orElseThrow();
        assertEquals("newuser", credential.username());
        assertEquals("new:pass-word", credential.password());
        try (var listing = Files.list(file.getParent())) {
            assertEquals(List.of(file.getFileName().toString()),
                    listing.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        }
    }

    @Test
    void storeCreatesAMissingFileReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("new/.docker/config.json");

        new DockerConfigWriter(file).store("docker.io", "hubuser", "hub-pw");

        JsonNode after = read(file);
        assertEquals(b64("hubuser:hub-pw"), after.path("auths").path("https://index.docker.io/v1/").path("auth").asText());
        assertEquals(1, after.path("auths").size(), after::toString);
        assertEquals("rw-------", mode(file));
        assertEquals("hubuser", new DockerConfigCredentials(file, "c").find("docker.io").orElseThrow().username());
    }

    @Test
    void withCredsStoreTheSecretGoesToTheHelperAndNotIntoTheFile() throws Exception {
        HelperScript script = HelperScript.write(dir.resolve("bin"), "zitest", Map.of());
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"zitest\",\"proxies\":{\"default\":{\"noProxy\":\"x\"}}}");

        String where = new DockerConfigWriter(file, script.environment())
                .store("reg.example:5000", "storeuser", "Helper-Only-Secret");

        assertTrue(where.contains("docker-credential-zitest"), where);
        List<String> log = script.log();
        assertEquals(1, log.size(), log::toString);
        JsonNode payload = JSON.readTree(log.get(0).substring("store ".length()));
        assertEquals("reg.example:5000", payload.path("ServerURL").asText());
        assertEquals("storeuser", payload.path("Username").asText());
        assertEquals("Helper-Only-Secret", payload.path("Secret").asText());
        String content = Files.readString(file);
        assertFalse(content.contains("Helper-Only-Secret"), content);
        assertFalse(content.contains(b64("storeuser:Helper-Only-Secret")), content);
        JsonNode after = read(file);
        assertEquals(0, after.path("auths").path("reg.example:5000").size(), "an empty entry, as docker writes");
        assertTrue(after.path("auths").has("reg.example:5000"));
        assertEquals("zitest", after.path("credsStore").asText());
        assertEquals("x", after.path("proxies").path("default").path("noProxy").asText());
        assertEquals("rw-------", mode(file));
    }

    @Test
    void aCredHelperForTheRegistryIsUsedForStoreAndEraseLikeDockerDoes() throws Exception {
        HelperScript script = HelperScript.write(dir.resolve("bin"), "zitest",
                HelperScript.logins("reg.example:5000", "storeuser", "Helper-Only-Secret"));
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"credHelpers\":{\"reg.example:5000\":\"zitest\"}}");
        DockerConfigWriter writer = new DockerConfigWriter(file, script.environment());

        writer.store("reg.example:5000", "storeuser", "Helper-Only-Secret");
        // What a later build reads comes from the helper that received the login.
        Credential read = new DockerConfigCredentials(file, "c", script.environment()).find("reg.example:5000")
                .orElseThrow();
        boolean erased = writer.erase("reg.example:5000");

        assertFalse(Files.readString(file).contains("Helper-Only-Secret"), Files.readString(file));
        assertFalse(Files.readString(file).contains(b64("storeuser:Helper-Only-Secret")), Files.readString(file));
        assertEquals("storeuser", read.username());
        assertTrue(erased);
        List<String> log = script.log();
        assertEquals(3, log.size(), log::toString);
        assertTrue(log.get(0).startsWith("store {"), log::toString);
        assertEquals("get reg.example:5000", log.get(1));
        assertEquals("erase reg.example:5000", log.get(2));
    }

    @Test
    void eraseRemovesOnlyThatRegistry() throws Exception {
        Path file = existing();
        JsonNode before = read(file);
        DockerConfigWriter writer = new DockerConfigWriter(file);

        assertTrue(writer.erase("reg.example:5000"));

        JsonNode after = read(file);
        assertFalse(after.path("auths").has("reg.example:5000"), after::toString);
        assertEquals(before.path("auths").path("other.example:5000"), after.path("auths").path("other.example:5000"));
        assertEquals(before.get("proxies"), after.get("proxies"));
        assertEquals(before.get("credHelpers"), after.get("credHelpers"));
        assertEquals("rw-------", mode(file));
        assertTrue(new DockerConfigCredentials(file, "c").find("reg.example:5000").isEmpty());
        assertFalse(writer.erase("reg.example:5000"), "nothing left to remove");
    }

    @Test
    void eraseRemovesEntriesWrittenWithASchemeAndDockerHubsLegacyKey() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"auths\":{\"https://reg.example\":{\"auth\":\"" + b64("a:b") + "\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("c:d") + "\"}}}");
        DockerConfigWriter writer = new DockerConfigWriter(file);

        assertTrue(writer.erase("reg.example"));
        assertTrue(writer.erase("docker.io"));

        assertEquals(0, read(file).path("auths").size(), Files.readString(file));
    }

    @Test
    void eraseWithCredsStoreAsksTheHelper() throws Exception {
        HelperScript script = HelperScript.write(dir.resolve("bin"), "zitest", Map.of());
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"credsStore\":\"zitest\",\"auths\":{\"reg.example:5000\":{}}}");

        assertTrue(new DockerConfigWriter(file, script.environment()).erase("reg.example:5000"));

        assertEquals(List.of("erase reg.example:5000"), script.log());
        assertFalse(read(file).path("auths").has("reg.example:5000"), Files.readString(file));
    }

    @Test
    void aSymlinkedConfigIsUpdatedWhereItPoints() throws Exception {
        Path real = dir.resolve("dotfiles/docker-config.json");
        Files.createDirectories(real.getParent());
        Files.writeString(real, "{\"proxies\":{}}");
        Path link = dir.resolve("home/.docker/config.json");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, real);

        new DockerConfigWriter(link).store("reg.example", "u", "p");

        assertTrue(Files.isSymbolicLink(link), "the link was replaced by a file");
        assertEquals(b64("u:p"), read(real).path("auths").path("reg.example").path("auth").asText());
        assertEquals("rw-------", mode(real));
    }
}
