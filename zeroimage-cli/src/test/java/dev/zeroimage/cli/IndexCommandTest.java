package dev.zeroimage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.Digest;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code zeroimage index} over tars that {@code zeroimage build} wrote from synthetic executables: no tools needed. */
class IndexCommandTest {
    @TempDir
    Path home;

    private Path built(String arch) throws Exception {
        Path dir = Files.createDirectories(home.resolve(arch));
        Path program = arch.equals("amd64") ? TestExecutables.staticAmd64(dir.resolve("app"))
                : TestExecutables.staticArm64(dir.resolve("app"));
        CliRun run = CliRun.run(home, "build", "-o", dir.resolve("app.tar").toString(), program.toString());
        assertEquals(0, run.exitCode(), run.toString());
        return dir.resolve("app.tar");
    }

    private static Map<String, byte[]> entries(Path tar) throws Exception {
        Map<String, byte[]> entries = new HashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                entries.put(entry.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void mergesTwoTarsIntoAnIndexTar() throws Exception {
        Path amd64 = built("amd64");
        Path arm64 = built("arm64");
        Path out = home.resolve("app-multi.tar");
        Path digest = home.resolve("digest");
        Path metadata = home.resolve("image.json");
        CliRun run = CliRun.run(home, "index", "-o", out.toString(), "--digest-file", digest.toString(),
                "--metadata-file", metadata.toString(), amd64.toString(), arm64.toString());
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.stdout().matches("(?s)Built image app-multi:latest \\(linux/amd64, linux/arm64/v8\\)"
                + " sha256:[0-9a-f]{64}, .*, written to " + java.util.regex.Pattern.quote(out.toString()) + "\\s*"),
                run.toString());

        Map<String, byte[]> entries = entries(out);
        assertFalse(entries.containsKey("manifest.json"));
        JsonNode root = ImageTools.JSON.readTree(entries.get("index.json")).path("manifests").get(0);
        assertEquals("application/vnd.oci.image.index.v1+json", root.path("mediaType").asText());
        String indexDigest = root.path("digest").asText();
        assertEquals(indexDigest, Files.readString(digest));
        byte[] index = entries.get("blobs/sha256/" + indexDigest.substring("sha256:".length()));
        assertEquals(indexDigest, Digest.sha256(index).toString());
        JsonNode manifests = ImageTools.JSON.readTree(index).path("manifests");
        // The sources' manifests, unchanged: the digests their own tars name.
        assertEquals(ImageTools.JSON.readTree(entries(amd64).get("index.json")).path("manifests").get(0)
                .path("digest").asText(), manifests.get(0).path("digest").asText());
        assertEquals(ImageTools.JSON.readTree(entries(arm64).get("index.json")).path("manifests").get(0)
                .path("digest").asText(), manifests.get(1).path("digest").asText());
        JsonNode report = ImageTools.JSON.readTree(metadata.toFile());
        assertEquals(indexDigest, report.path("manifestDigest").asText());
        assertEquals(2, report.path("platforms").size());

        CliRun again = CliRun.run(home, "index", "-o", home.resolve("again.tar").toString(), amd64.toString(),
                arm64.toString());
        assertEquals(0, again.exitCode(), again.toString());
        assertTrue(again.stdout().contains(indexDigest), "same sources, same index digest:\n" + again);
    }

    @Test
    void usageAndInputErrors() throws Exception {
        Path amd64 = built("amd64");
        CliRun nowhere = CliRun.run(home, "index", amd64.toString());
        assertEquals(2, nowhere.exitCode(), nowhere.toString());
        assertTrue(nowhere.stderr().contains("Give -o PATH to write the index tar, --push REF to push it, or both"),
                nowhere.toString());
        assertTrue(nowhere.stderr().contains("Usage: zeroimage index"), nowhere.toString());

        CliRun none = CliRun.run(home, "index", "-o", home.resolve("x.tar").toString());
        assertEquals(2, none.exitCode(), none.toString());
        assertTrue(none.stderr().contains("Missing required parameter: 'IMAGE'"), none.toString());

        Path copy = Files.copy(amd64, home.resolve("copy.tar"));
        CliRun duplicate = CliRun.run(home, "index", "-o", home.resolve("dup.tar").toString(), amd64.toString(),
                copy.toString());
        assertEquals(1, duplicate.exitCode(), duplicate.toString());
        assertTrue(duplicate.stderr().startsWith("zeroimage: Duplicate platform linux/amd64 in images: both "
                + amd64 + " and " + copy + " hold an image for it."), duplicate.toString());
        assertFalse(Files.exists(home.resolve("dup.tar")));

        CliRun docker = CliRun.run(home, "index", "--format", "docker", "-o", home.resolve("d.tar").toString(),
                amd64.toString());
        assertEquals(1, docker.exitCode(), docker.toString());
        assertTrue(docker.stderr().contains("format=docker makes a Docker manifest list"), docker.toString());

        CliRun missing = CliRun.run(home, "index", "-o", home.resolve("m.tar").toString(), "no/such/app.tar");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.stderr().contains("no/such/app.tar (in images) does not exist"), missing.toString());
    }
}
