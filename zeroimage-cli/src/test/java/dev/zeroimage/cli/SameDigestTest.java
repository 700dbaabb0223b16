package dev.zeroimage.cli;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImagePath;
import dev.zeroimage.image.Port;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.Compression;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The CLI gives the digest the Maven plugin gives for the same inputs: the image built here through
 * the core API, with BuildOptions filled the way BuildMojo fills them for a project app:1.0 (its
 * annotations title, version and created), equals the CLI's image with the same settings as flags.
 * And the CLI is reproducible: another directory, cache and file name give the same bytes.
 */
@Tag("real")
class SameDigestTest {
    @TempDir
    Path home;

    @Test
    void cliAndCoreApiAsTheMojoUsesItAgree() throws Exception {
        Path program = ImageTools.compileStatic("gcc", home.resolve("src"), "app", "same digest");
        Path config = Files.writeString(home.resolve("app.conf"), "level=debug\n");
        Instant created = Instant.parse("2024-05-06T07:08:09Z");

        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put("org.opencontainers.image.title", "app");
        annotations.put("org.opencontainers.image.version", "1.0");
        annotations.put("org.opencontainers.image.created", created.toString());
        BuildOptions options = BuildOptions.builder(program)
                .executablePath(ImagePath.of("/usr/local/bin/app"))
                .args(List.of("--serve", "--port=8080"))
                .environment(Map.of("MODE", "production"))
                .workingDirectory("/srv")
                .user(new User("1000:1000"))
                .labels(Map.of("team", "orders"))
                .ports(List.of(Port.parse("8080"), Port.parse("53/udp")))
                .volumes(List.of("/data"))
                .extraFiles(List.of(new ExtraFile(config, "/etc/app/app.conf", 0600)))
                .creationTime(created)
                .annotations(annotations)
                .format(ImageFormat.OCI)
                .compression(Compression.of("gzip", null))
                .build();
        Image expected = new ImageBuilder(new BlobStore(home.resolve("core-cache")),
                (spec, platform) -> BaseImage.scratch()).build(options);

        List<String> flags = List.of("build", "--entrypoint-path", "/usr/local/bin/app", "--arg", "--serve",
                "--arg", "--port=8080", "--env", "MODE=production", "--workdir", "/srv", "--user", "1000:1000",
                "--label", "team=orders", "--port", "8080", "--port", "53/udp", "--volume", "/data",
                "--add", config + ":/etc/app/app.conf:0600", "--creation-time", "2024-05-06T07:08:09Z",
                "--annotation", "org.opencontainers.image.title=app", "--annotation", "org.opencontainers.image.version=1.0",
                "--image-name", "app:1.0");
        Path firstTar = home.resolve("first.tar");
        Path firstDigest = home.resolve("first.digest");
        CliRun first = CliRun.run(home, concat(flags, "-o", firstTar.toString(), "--digest-file", firstDigest.toString(),
                program.toString()));
        assertEquals(0, first.exitCode(), first.toString());
        assertEquals(expected.digest().toString(), Files.readString(firstDigest), first.toString());

        // Elsewhere: another file name, directory and cache; SOURCE_DATE_EPOCH stands in for --creation-time.
        Path other = Files.createDirectories(home.resolve("elsewhere/deeper"));
        Path copy = Files.copy(program, other.resolve("renamed-program"));
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
        Path secondTar = other.resolve("second.tar");
        Path secondDigest = other.resolve("second.digest");
        List<String> withoutTime = flags.stream().toList();
        int at = withoutTime.indexOf("--creation-time");
        List<String> secondFlags = new java.util.ArrayList<>(withoutTime);
        secondFlags.remove(at + 1);
        secondFlags.remove(at);
        CliRun second = CliRun.run(home, Map.of("SOURCE_DATE_EPOCH", String.valueOf(created.getEpochSecond()),
                        "XDG_CACHE_HOME", other.resolve("cache").toString()), null,
                concat(secondFlags, "-o", secondTar.toString(), "--digest-file", secondDigest.toString(), copy.toString()));
        assertEquals(0, second.exitCode(), second.toString());
        assertEquals(Files.readString(firstDigest), Files.readString(secondDigest));
        assertArrayEquals(Files.readAllBytes(firstTar), Files.readAllBytes(secondTar), "the archives differ");
    }

    private static String[] concat(List<String> flags, String... more) {
        List<String> all = new java.util.ArrayList<>(flags);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
