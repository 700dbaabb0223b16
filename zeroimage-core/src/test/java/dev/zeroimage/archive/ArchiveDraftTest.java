package dev.zeroimage.archive;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.ExtraFile;
import dev.zeroimage.build.ImageBuilder;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.TestExecutables;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerWriter;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.registry.PushFixtures;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The archive a build fills while it compresses must be, byte for byte, the one written afterwards. */
class ArchiveDraftTest {
    private static final Instant TIME = PushFixtures.CREATED;
    private static final ImageReference REFERENCE = ImageReference.parse("registry.example.com/team/app:1.0");

    @TempDir
    Path dir;

    @Test
    void aColdBuildFillsTheDraftWithTheBytesOfTheUsualArchive() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path extra = Files.writeString(dir.resolve("app.conf"), "key=value\n");
        Path drafted = dir.resolve("out/drafted.tar");
        OciArchiveWriter writer = new OciArchiveWriter(TIME);
        Image image;
        try (ArchiveDraft draft = writer.draft(drafted)) {
            image = new ImageBuilder(store, (spec, platform) -> BaseImage.scratch())
                    .buildAll(options(extra), draft).image();
            assertTrue(writer.writeIfChanged(image, REFERENCE, drafted, store, draft));
        }
        Path written = dir.resolve("out/written.tar");
        writer.write(image, REFERENCE, written);
        assertArrayEquals(Files.readAllBytes(written), Files.readAllBytes(drafted));
        assertEquals(List.of("drafted.tar", "written.tar"), files(dir.resolve("out")), "no temporary file is left");

        List<String> names = names(drafted);
        List<Layer> layers = image.layers();
        assertEquals(2, layers.size());
        assertEquals(List.of("blobs/", "blobs/sha256/", blob(layers.get(1)), blob(layers.get(0))), names.subList(0, 4),
                "the layers come first, the top one (the executable) first");
        assertEquals(List.of("index.json", "manifest.json", "oci-layout"), names.subList(6, 9));
    }

    @Test
    void aBuildFromTheLayerCacheLeavesTheDraftUnused() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path extra = Files.writeString(dir.resolve("app.conf"), "key=value\n");
        ImageBuilder builder = new ImageBuilder(store, (spec, platform) -> BaseImage.scratch());
        Image cold = builder.buildAll(options(extra)).image();
        Path output = dir.resolve("out/app.tar");
        OciArchiveWriter writer = new OciArchiveWriter(TIME);
        try (ArchiveDraft draft = writer.draft(output)) {
            Image warm = builder.buildAll(options(extra), draft).image();
            assertEquals(cold.digest(), warm.digest());
            assertFalse(Files.exists(output.getParent()) && !files(output.getParent()).isEmpty(),
                    "nothing is written while every layer comes from the cache: "
                            + (Files.exists(output.getParent()) ? files(output.getParent()) : List.of()));
            assertTrue(writer.writeIfChanged(warm, REFERENCE, output, store, draft));
        }
        Path written = dir.resolve("written.tar");
        writer.write(cold, REFERENCE, written);
        assertArrayEquals(Files.readAllBytes(written), Files.readAllBytes(output));
    }

    @Test
    void layersInAnotherOrderOrTwiceStillGiveTheUsualArchive() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        LayerWriter layers = new LayerWriter(store, Compression.of("gzip", null), TIME);
        Path output = dir.resolve("out/app.tar");
        OciArchiveWriter writer = new OciArchiveWriter(TIME);
        Image image;
        try (ArchiveDraft draft = writer.draft(output)) {
            // Bottom first (against the archive's order), and the top layer made twice: once in the tar.
            Layer bottom = layers.write(contents("bottom", 1000), draft);
            Layer top = layers.write(contents("top", 2000), draft);
            assertEquals(top, layers.write(contents("top", 2000), draft));
            image = Image.assemble(config(), List.of(bottom, top), Map.of(), ImageFormat.OCI);
            assertTrue(writer.writeIfChanged(image, REFERENCE, output, store, draft));
        }
        Path written = dir.resolve("written.tar");
        writer.write(image, REFERENCE, written);
        assertArrayEquals(Files.readAllBytes(written), Files.readAllBytes(output));
        assertEquals(List.of("app.tar"), files(output.getParent()));
    }

    @Test
    void aFailedLayerLeavesNoFileBehind() throws Exception {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        LayerWriter layers = new LayerWriter(store, Compression.of("gzip", null), TIME);
        Path output = dir.resolve("out/app.tar");
        Path vanishing = Files.write(dir.resolve("vanishing"), new byte[5000]);
        try (ArchiveDraft draft = new OciArchiveWriter(TIME).draft(output)) {
            layers.write(contents("first", 100), draft);
            LayerContents broken = new LayerContents().add(LayerEntry.file("/gone", vanishing, 0644));
            Files.delete(vanishing);
            assertThrows(IOException.class, () -> layers.write(broken, draft));
            assertEquals(1, files(output.getParent()).size(), "the temporary tar, cut back");
        }
        assertEquals(List.of(), files(output.getParent()), "closed without completing: deleted");
    }

    private static BuildOptions options(Path extra) {
        Path executable = extra.resolveSibling("app");
        return BuildOptions.builder(Files.exists(executable) ? executable : TestExecutables.staticAmd64(executable))
                .extraFiles(List.of(new ExtraFile(extra, "/etc/app.conf", 0644)))
                .creationTime(TIME)
                .build();
    }

    private static ImageConfig config() {
        ImageConfig config = new ImageConfig();
        config.os = "linux";
        config.architecture = "amd64";
        return config;
    }

    private static LayerContents contents(String name, int size) {
        return new LayerContents().add(LayerEntry.content("/" + name, new byte[size], 0644));
    }

    private static String blob(Layer layer) {
        return "blobs/sha256/" + layer.descriptor().digest().hex();
    }

    private static List<String> names(Path tar) throws IOException {
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            TarArchiveEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static List<String> files(Path directory) throws IOException {
        try (var files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }
}
