package dev.zeroimage.build;

import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.cache.DamagedBlobException;
import dev.zeroimage.cache.DamagedBlobRetry;
import dev.zeroimage.elf.SyntheticExecutables;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A damaged cache never ends up in an image: it is found where blobs are read, removed and rebuilt. */
class CacheHealingTest {
    private static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");
    private static final ImageReference REFERENCE = ImageReference.parse("example.com/team/app:1");

    @TempDir
    Path dir;
    private Path executable;
    private Path extra;
    private byte[] clean;

    @BeforeEach
    void cleanBuild() throws IOException {
        executable = SyntheticExecutables.staticAmd64(dir.resolve("app"), 3_000_000, 7);
        extra = Files.writeString(dir.resolve("app.conf"), "greeting=hi\n");
        Path output = dir.resolve("clean/app.tar");
        buildAndWrite(new BlobStore(dir.resolve("clean-cache")), output, new ArrayList<>());
        clean = Files.readAllBytes(output);
    }

    private Image build(BlobStore store) throws IOException {
        BuildOptions options = BuildOptions.builder(executable).creationTime(CREATED)
                .extraFiles(List.of(new ExtraFile(extra, "/etc/app.conf", 0644))).build();
        return new ImageBuilder(store, (spec, platform) -> BaseImage.scratch()).build(options);
    }

    /** As the build goal does it: build and write, once more if a damaged cache file was met. */
    private Image buildAndWrite(BlobStore store, Path output, List<String> warnings) throws IOException {
        return DamagedBlobRetry.run(() -> {
            Image image = build(store);
            new OciArchiveWriter(CREATED).writeIfChanged(image, REFERENCE, output, store);
            return image;
        }, warnings::add);
    }

    private static Path executableLayerBlob(Image image) {
        List<Layer> layers = image.layers();
        return layers.get(layers.size() - 1).blob();
    }

    private static void flipOneByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x10;
        Files.write(file, bytes);
    }

    @Test
    void aFlippedByteInACachedLayerIsRebuiltInTheSameBuild() throws IOException {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path output = dir.resolve("out/app.tar");
        Image first = buildAndWrite(store, output, new ArrayList<>());
        Path blob = executableLayerBlob(first);
        flipOneByte(blob);
        Files.delete(output); // so the archive is written (and the blob read) again

        List<String> warnings = new ArrayList<>();
        buildAndWrite(store, output, warnings);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(blob.toString()), warnings.get(0));
        assertArrayEquals(clean, Files.readAllBytes(output), "the healed build is the clean one");
        assertStoreIsSound(store);
    }

    @Test
    void withoutTheRetryTheDamagedFileIsNamedRemovedAndTheOldArchiveKept() throws IOException {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path output = dir.resolve("out/app.tar");
        Image image = buildAndWrite(store, output, new ArrayList<>());
        Path blob = executableLayerBlob(image);
        flipOneByte(blob);

        Image trusted = build(store); // looked up by name and size: not read, not verified yet
        Path other = dir.resolve("out/other.tar");
        DamagedBlobException error = assertThrows(DamagedBlobException.class,
                () -> new OciArchiveWriter(CREATED).write(trusted, REFERENCE, other));
        assertTrue(error.getMessage().contains(blob.toString()), error.getMessage());
        assertFalse(Files.exists(blob));
        assertFalse(Files.exists(other), "no archive of a damaged image");
        assertArrayEquals(clean, Files.readAllBytes(output));

        buildAndWrite(store, other, new ArrayList<>());
        assertArrayEquals(clean, Files.readAllBytes(other), "the next build rebuilt the layer");
        assertStoreIsSound(store);
    }

    @Test
    void anEmptyBlobLeftByAPowerLossIsRebuilt() throws IOException {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path output = dir.resolve("out/app.tar");
        Image image = buildAndWrite(store, output, new ArrayList<>());
        for (Layer layer : image.layers()) {
            Files.write(layer.blob(), new byte[0]);
        }
        Files.delete(output);
        List<String> warnings = new ArrayList<>();
        buildAndWrite(store, output, warnings);
        assertEquals(List.of(), warnings, "a wrong size is a cache miss, found before any work");
        assertArrayEquals(clean, Files.readAllBytes(output));
        assertStoreIsSound(store);
    }

    @Test
    void garbageInTheCacheRecordsIsAMiss() throws IOException {
        BlobStore store = new BlobStore(dir.resolve("cache"));
        Path output = dir.resolve("out/app.tar");
        buildAndWrite(store, output, new ArrayList<>());
        for (String kind : List.of("layers", "file-digests", "archives")) {
            try (Stream<Path> records = Files.list(store.root().resolve(kind))) {
                for (Path record : records.toList()) {
                    Files.writeString(record, "garbage");
                }
            }
        }
        buildAndWrite(store, output, new ArrayList<>());
        assertArrayEquals(clean, Files.readAllBytes(output));
        assertStoreIsSound(store);
    }

    /** Every blob holds what its name says; nothing half-written is left. */
    static void assertStoreIsSound(BlobStore store) throws IOException {
        assertBlobsMatchTheirNames(store);
        try (Stream<Path> files = Files.walk(store.root())) {
            List<Path> temporary = files.filter(path -> path.getFileName().toString().endsWith(".tmp")
                    || path.getFileName().toString().endsWith(".part")).toList();
            assertEquals(List.of(), temporary, "temporary files left in the cache");
        }
    }

    static void assertBlobsMatchTheirNames(BlobStore store) throws IOException {
        try (Stream<Path> files = Files.walk(store.root().resolve("blobs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertEquals(file.getFileName().toString(), sha256Hex(file), "blob " + file + " is damaged");
            }
        }
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest sha256 = Digest.newSha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }
}
