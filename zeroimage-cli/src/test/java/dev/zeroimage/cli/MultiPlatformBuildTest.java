package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code zeroimage build A B}: several ENTRYPOINTs make a multi-platform image (synthetic executables, JDK only). */
class MultiPlatformBuildTest {
    @TempDir
    Path home;

    private Path amd64(Path dir, String name) throws Exception {
        return TestExecutables.staticAmd64(Files.createDirectories(dir.resolve("amd64")).resolve(name));
    }

    private Path arm64(Path dir, String name) throws Exception {
        return TestExecutables.staticArm64(Files.createDirectories(dir.resolve("arm64")).resolve(name));
    }

    @Test
    void twoEntrypointsWriteAnIndexTarBesideTheFirstWithItsDigestAndReport() throws Exception {
        Path amd = amd64(home, "app");
        Path arm = arm64(home, "app");
        Path metadata = home.resolve("image.json");
        Path digestFile = home.resolve("digest");

        CliRun run = CliRun.run(home, "build", "--metadata-file", metadata.toString(), "--digest-file",
                digestFile.toString(), amd.toString(), arm.toString());

        assertEquals(0, run.exitCode(), run.toString());
        Path tar = Path.of(amd + ".tar");
        assertTrue(Files.isRegularFile(tar), "default output: the first ENTRYPOINT + .tar");
        JsonNode report = Json.mapper().readTree(metadata.toFile());
        String digest = Files.readString(digestFile);
        assertEquals(digest, report.get("manifestDigest").asText());
        assertEquals("application/vnd.oci.image.index.v1+json", report.get("mediaType").asText());
        List<String> platforms = new ArrayList<>();
        report.get("platforms").forEach(platform -> platforms.add(platform.get("platform").asText()));
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), platforms);
        assertTrue(run.stdout().contains("Built image app:latest (linux/amd64, linux/arm64/v8) " + digest), run.toString());
    }

    @Test
    void theSameEntrypointsElsewhereGiveTheSameTar() throws Exception {
        Path one = home.resolve("one");
        Path two = home.resolve("two/deeper");
        CliRun first = CliRun.run(home, "build", "-o", one.resolve("out.tar").toString(),
                amd64(one, "svc").toString(), arm64(one, "svc").toString());
        CliRun second = CliRun.run(home, "build", "-o", two.resolve("out.tar").toString(),
                amd64(two, "svc").toString(), arm64(two, "svc").toString());

        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(0, second.exitCode(), second.toString());
        assertArrayEquals(Files.readAllBytes(one.resolve("out.tar")), Files.readAllBytes(two.resolve("out.tar")));
    }

    @Test
    void platformWithSeveralEntrypointsIsRefused() throws Exception {
        CliRun run = CliRun.run(home, "build", "--platform", "linux/amd64", amd64(home, "app").toString(),
                arm64(home, "app").toString());

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("--platform linux/amd64 names one platform, but 2 ENTRYPOINTs"), run.toString());
    }

    @Test
    void differentFileNamesNeedAnEntrypointPath() throws Exception {
        Path amd = amd64(home, "app-amd64");
        Path arm = arm64(home, "app-arm64");

        CliRun refused = CliRun.run(home, "build", amd.toString(), arm.toString());
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.stderr().contains("different file names (app-amd64, app-arm64): set --entrypoint-path"),
                refused.toString());
        assertFalse(Files.exists(Path.of(amd + ".tar")));

        CliRun built = CliRun.run(home, "build", "--entrypoint-path", "/usr/bin/app", amd.toString(), arm.toString());
        assertEquals(0, built.exitCode(), built.toString());
    }

    @Test
    void twoEntrypointsForOnePlatformAreNamed() throws Exception {
        Path first = amd64(home, "app");
        Path second = TestExecutables.staticAmd64(Files.createDirectories(home.resolve("other")).resolve("app"));

        CliRun run = CliRun.run(home, "build", first.toString(), second.toString());

        assertEquals(1, run.exitCode(), run.toString());
        assertTrue(run.stderr().contains("Invalid ENTRYPOINTs: " + first + " and " + second + " are both for linux/amd64"),
                run.toString());
        assertFalse(run.stderr().contains("executables"), "the CLI has no executables parameter:\n" + run);
    }
}
