package dev.zeroimage.image;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Docker Hub's many names fold into docker.io in one place, for references and for login hosts alike. */
class RegistryHostsTest {

    @Test
    void loginHostsAreNormalised() {
        assertEquals("ghcr.io", ImageReference.registryHost("https://GHCR.io/"));
        assertEquals("localhost:5000", ImageReference.registryHost(" localhost:5000/v2/ "));
        assertEquals("docker.io", ImageReference.registryHost("index.docker.io"));
        assertEquals("docker.io", ImageReference.registryHost("https://registry-1.docker.io/v2/"));
    }

    @Test
    void dockerHubIsOneRegistryWithItsOwnApiHost() {
        assertEquals("docker.io", ImageReference.parse("index.docker.io/library/alpine:3.20").registry());
        assertEquals("docker.io", ImageReference.parse("registry-1.docker.io/library/alpine").registry());
        assertEquals("registry-1.docker.io", ImageReference.apiHostOf("docker.io"));
        assertEquals("registry-1.docker.io", ImageReference.parse("alpine").apiHost());
        assertEquals("ghcr.io", ImageReference.apiHostOf("ghcr.io"));
    }
}
