package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Digest;
import dev.zeroimage.testing.AccessLogEntry;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI-matrix workflow on the command line against docker-registry on 127.0.0.1: two runners
 * {@code build --push} their platform, then {@code index --push} over the two references sends no
 * blob (access log) and the registry serves an index over the runners' manifests.
 */
@Tag("real")
class IndexCommandRegistryTest {
    @TempDir
    static Path shared;
    private static TestRegistry registry;

    @TempDir
    Path home;

    @BeforeAll
    static void setUp() throws Exception {
        registry = TestRegistry.plainHttp(shared.resolve("registry"));
    }

    @AfterAll
    static void tearDown() {
        if (registry != null) {
            registry.close();
        }
    }

    private String pushRunner(String arch) throws Exception {
        Path dir = Files.createDirectories(home.resolve(arch));
        Path program = arch.equals("amd64") ? TestExecutables.staticAmd64(dir.resolve("app"))
                : TestExecutables.staticArm64(dir.resolve("app"));
        Path digest = dir.resolve("digest");
        CliRun run = CliRun.run(home, "build", "--insecure-registry", registry.host(), "--digest-file",
                digest.toString(), "--push", registry.host() + "/acme/app:1.0-" + arch, program.toString());
        assertEquals(0, run.exitCode(), run.toString());
        return Files.readString(digest);
    }

    @Test
    void indexOverReferencesInTheTargetRepositorySendsNoBlob() throws Exception {
        String amd64 = pushRunner("amd64");
        String arm64 = pushRunner("arm64");
        registry.clearRequests();
        Path digest = home.resolve("index-digest");
        CliRun run = CliRun.run(home, "index", "--insecure-registry", registry.host(), "--digest-file",
                digest.toString(), "--push", registry.host() + "/acme/app:1.0", "--tag", "latest",
                registry.host() + "/acme/app:1.0-amd64", registry.host() + "/acme/app:1.0-arm64");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().contains("0 blob(s) uploaded, 4 already there, 0 mounted"), run.toString());

        List<AccessLogEntry> requests = registry.requests();
        assertEquals(List.of(), requests.stream().filter(r -> r.path().contains("/blobs/")
                && List.of("PUT", "POST", "PATCH").contains(r.method())).toList(), requests::toString);
        String raw = registry.skopeoInspectRaw("acme/app:latest");
        assertEquals(Files.readString(digest), Digest.sha256(raw.getBytes(StandardCharsets.UTF_8)).toString());
        JsonNode index = ImageTools.JSON.readTree(raw);
        assertEquals(amd64, index.path("manifests").get(0).path("digest").asText());
        assertEquals(arm64, index.path("manifests").get(1).path("digest").asText());
    }
}
