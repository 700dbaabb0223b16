package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LayerWriterTest {

    @Test
    void digestsSizeAndDiffIdDescribeTheBlobExactly(@TempDir Path temp) throws IOException {
        Path executable = temp.resolve("program");
        Files.write(executable, ParallelGzipOutputStreamTest.sampleData(3_000_000, 3));
        BlobStore store = new BlobStore(temp.resolve("cache"));
        LayerContents contents = new LayerContents().add(LayerEntry.file("/program", executable, 0755));
        Layer layer = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH).write(contents);

        byte[] blob = Files.readAllBytes(layer.blob());
        assertEquals(MediaType.OCI_LAYER_GZIP, layer.descriptor().mediaType());
        assertEquals(Digest.sha256(blob), layer.descriptor().digest());
        assertEquals(blob.length, layer.descriptor().size());
        assertEquals(store.path(layer.descriptor().digest()), layer.blob());

        byte[] tar;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(layer.blob()))) {
            tar = in.readAllBytes();
        }
        assertEquals(Digest.sha256(tar), layer.diffId());
        ByteArrayOutputStream expectedTar = new ByteArrayOutputStream();
        new TarLayerWriter(Instant.EPOCH).write(contents, expectedTar);
        assertArrayEquals(expectedTar.toByteArray(), tar);
        try (var tmp = Files.list(store.root().resolve("tmp"))) {
            assertEquals(0, tmp.count(), "no temporary file is left behind");
        }
    }

    @Test
    void zstdLayersAreReproducibleAndTyped(@TempDir Path temp) throws IOException {
        Path executable = temp.resolve("program");
        Files.write(executable, ParallelGzipOutputStreamTest.sampleData(2_000_000, 5));
        LayerContents contents = new LayerContents().add(LayerEntry.file("/program", executable, 0755));
        Compression zstd = Compression.of("zstd", null);
        Layer first = new LayerWriter(new BlobStore(temp.resolve("one")), zstd, Instant.EPOCH).write(contents);
        Layer second = new LayerWriter(new BlobStore(temp.resolve("two")), zstd, Instant.EPOCH).write(contents);
        assertEquals(MediaType.OCI_LAYER_ZSTD, first.descriptor().mediaType());
        assertEquals(first.descriptor(), second.descriptor());
        assertEquals(first.diffId(), second.diffId());
        Layer gzip = new LayerWriter(new BlobStore(temp.resolve("three")), Compression.DEFAULT, Instant.EPOCH).write(contents);
        assertEquals(gzip.diffId(), first.diffId(), "the uncompressed tar does not depend on compression");
        assertTrue(first.descriptor().size() > 0);
    }
}
