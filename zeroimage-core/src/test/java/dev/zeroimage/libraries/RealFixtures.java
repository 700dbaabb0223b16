package dev.zeroimage.libraries;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.testing.ExternalTools;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Compiling the programs under {@code src/test/resources/libraries/}, building images of them and running them. */
final class RealFixtures {
    static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");
    static final String REFERENCE = "zeroimage.test/libs:1";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RealFixtures() {
    }

    /** Compiles {@code libraries/<source>} (plus any extra sources) with {@code compiler}; a missing compiler skips locally, fails in CI. */
    static Path compile(String compiler, Path dir, String source, String output, String... options) throws Exception {
        ExternalTools.require(compiler);
        Files.createDirectories(dir);
        Path sourceFile = dir.resolve(source);
        try (InputStream in = RealFixtures.class.getResourceAsStream("/libraries/" + source)) {
            Files.copy(in, sourceFile, StandardCopyOption.REPLACE_EXISTING);
        }
        Path outputFile = dir.resolve(output);
        List<String> command = new ArrayList<>(List.of(compiler, "-o", outputFile.toString(), sourceFile.toString()));
        command.addAll(List.of(options));
        ExternalTools.ProcessResult result = ExternalTools.run(TIMEOUT, command);
        if (!result.succeeded()) {
            fail(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
        return outputFile;
    }

    record Built(Image image, LibraryPlan plan, Path tar) {
        /** The bundle layer: the one below the executable's. */
        Layer bundleLayer() {
            List<Layer> layers = image.layers();
            return layers.get(layers.size() - 2);
        }
    }

    /** The base for a platform, as a test resolves it. */
    @FunctionalInterface
    interface BaseFor {
        dev.zeroimage.image.BaseImage resolve(dev.zeroimage.image.Platform platform) throws IOException;
    }

    static Built build(BlobStore store, BuildOptions.Builder options, BaseFor base, Path tar)
            throws IOException {
        ImageBuilder builder = new ImageBuilder(store, (spec, platform) -> base.resolve(platform));
        dev.zeroimage.build.PlatformBuild build = builder.buildAll(options.creationTime(CREATED).build()).single();
        Image image = build.image();
        new OciArchiveWriter(CREATED).write(image, ImageReference.parse(REFERENCE), tar);
        return new Built(image, build.libraries(), tar);
    }

    /** The regular files of a layer, by path. */
    static TreeSet<String> files(Layer layer) throws IOException {
        TreeSet<String> files = new TreeSet<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream(java.nio.file.Files.newInputStream(layer.blob()), true))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                assertTrue(!entry.isSymbolicLink(), "bundled files are regular files, not links: " + entry.getName());
                if (entry.isFile()) {
                    files.add("/" + entry.getName().replaceFirst("^\\./", "").replaceFirst("^/", ""));
                }
            }
        }
        return files;
    }

    static String run(List<String> command) throws Exception {
        ExternalTools.ProcessResult result = ExternalTools.run(TIMEOUT, command);
        if (!result.succeeded()) {
            fail(String.join(" ", command) + " failed (" + result.exitCode() + "):\n" + result.output());
        }
        return result.output();
    }

    /** tar -x then umoci unpack (the strict validator); returns the bundle directory. */
    static Path unpack(Path tar, Path work) throws Exception {
        ExternalTools.require("umoci");
        Path layout = Files.createDirectories(work.resolve("layout"));
        run(List.of("tar", "-xf", tar.toString(), "-C", layout.toString()));
        Path bundle = work.resolve("bundle");
        run(List.of("umoci", "unpack", "--image", layout + ":" + REFERENCE, bundle.toString()));
        return bundle;
    }

    /** Runs the unpacked image's entrypoint with runc, as the image says; returns the output. */
    static String runc(Path bundle, int expectedUid) throws Exception {
        ExternalTools.requireThat("root".equals(System.getProperty("user.name")), "root, to run images with runc");
        ExternalTools.require("runc");
        Path configFile = bundle.resolve("config.json");
        ObjectNode runtime = (ObjectNode) JSON.readTree(configFile.toFile());
        ((ObjectNode) runtime.path("process")).put("terminal", false);
        JSON.writeValue(configFile.toFile(), runtime);
        assertEquals(expectedUid, runtime.path("process").path("user").path("uid").asInt());
        String id = "zeroimage-libs-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try {
            return run(List.of("runc", "run", "-b", bundle.toString(), id));
        } finally {
            ExternalTools.run(Duration.ofSeconds(30), List.of("runc", "delete", "-f", id));
        }
    }
}
