package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageModelTest {

    @Test
    void sha256OfKnownInput() {
        // printf abc | sha256sum
        assertEquals("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Digest.sha256("abc".getBytes(StandardCharsets.UTF_8)).toString());
    }

    @Test
    void digestsAreValidated() {
        assertThrows(ZeroImageException.class, () -> Digest.parse("sha256:abc"));
        assertThrows(ZeroImageException.class, () -> Digest.parse("md5:" + "a".repeat(32)));
        assertThrows(ZeroImageException.class, () -> Digest.parse("nocolon"));
        assertEquals("a".repeat(64), Digest.parse("sha256:" + "a".repeat(64)).hex());
    }

    @Test
    void digestEqualityAndHashAreTheRecordsOwn() {
        Digest digest = Digest.parse("sha256:" + "a".repeat(64));
        Digest same = Digest.parse("sha256:" + "a".repeat(64));
        assertEquals(digest, same);
        assertEquals(digest.hashCode(), same.hashCode());
        assertFalse(digest.equals(Digest.parse("sha256:" + "b".repeat(64))));
        assertFalse(digest.equals(Digest.parse("sha512:" + "a".repeat(128))));
        assertFalse(digest.equals("sha256:" + "a".repeat(64)));
        // The value a generated record hashCode gives, so hash-ordered collections keep their order.
        assertEquals(31 * "sha256".hashCode() + "a".repeat(64).hashCode(), digest.hashCode());
    }

    @Test
    void platformsParseAndMatchWithDefaultVariants() {
        Platform arm64 = Platform.parse("linux/arm64");
        assertNull(arm64.variant());
        assertTrue(arm64.matches(Platform.parse("linux/arm64/v8")));
        assertFalse(arm64.matches(Platform.parse("linux/amd64")));
        assertFalse(Platform.parse("linux/arm/v6").matches(Platform.parse("linux/arm/v7")));
        assertEquals("linux/arm/v7", Platform.parse("linux/arm/v7").toString());
        assertThrows(ZeroImageException.class, () -> Platform.parse("linux"));
        assertThrows(ZeroImageException.class, () -> Platform.parse("linux/amd64/v3/x"));
    }

    @Test
    void referencesGetDockerDefaults() {
        ImageReference alpine = ImageReference.parse("alpine");
        assertEquals("docker.io", alpine.registry());
        assertEquals("library/alpine", alpine.repository());
        assertEquals("latest", alpine.tag());
        assertEquals("registry-1.docker.io", alpine.apiHost());
        assertEquals("alpine:latest", alpine.familiarName());

        ImageReference local = ImageReference.parse("localhost:5000/team/app:1.0");
        assertEquals("localhost:5000", local.registry());
        assertEquals("team/app", local.repository());
        assertEquals("1.0", local.tag());

        String digest = "sha256:" + "b".repeat(64);
        ImageReference pinned = ImageReference.parse("ghcr.io/org/app:2.0@" + digest);
        assertEquals(digest, pinned.manifestReference(), "the digest wins over the tag");
        assertEquals("user/app", ImageReference.parse("docker.io/user/app").repository());

        assertThrows(ZeroImageException.class, () -> ImageReference.parse("UPPER/case"));
        assertThrows(ZeroImageException.class, () -> ImageReference.parse("app@sha256:short"));
        assertThrows(ZeroImageException.class, () -> ImageReference.parse(""));
    }

    @Test
    void jsonIsCompactWithSortedMapKeys() {
        ImageConfig config = new ImageConfig();
        config.os = "linux";
        config.architecture = "amd64";
        config.config.labels = new java.util.HashMap<>(java.util.Map.of("z", "1", "a", "2"));
        String json = new String(Json.toBytes(config), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"Labels\":{\"a\":\"2\",\"z\":\"1\"}"), json);
        assertFalse(json.contains(" "), json);
        ImageConfig back = Json.read(Json.toBytes(config), ImageConfig.class, "config");
        assertEquals("amd64", back.architecture);
    }

    @Test
    void unknownConfigKeysSurviveAReadWriteCycle() {
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Healthcheck\":{\"Test\":[\"NONE\"]},"
                + "\"StopSignal\":\"SIGTERM\"},\"docker_version\":\"24.0\"}";
        ImageConfig config = Json.read(json.getBytes(StandardCharsets.UTF_8), ImageConfig.class, "config");
        String written = new String(Json.toBytes(config), StandardCharsets.UTF_8);
        assertTrue(written.contains("\"StopSignal\":\"SIGTERM\""), written);
        assertTrue(written.contains("\"Healthcheck\""), written);
        assertTrue(written.contains("\"docker_version\":\"24.0\""), written);
    }
}
