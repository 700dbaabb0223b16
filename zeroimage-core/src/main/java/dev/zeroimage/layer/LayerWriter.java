package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.util.HashingOutputStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Turns layer contents into a compressed blob in one pass over the input: tar → SHA-256 of the tar
 * (the diff id) → compressor → SHA-256 and size of the compressed bytes → temporary file, which is
 * then moved into the blob store under its digest.
 */
public final class LayerWriter {
    private final BlobStore store;
    private final Compression compression;
    private final Instant modificationTime;

    public LayerWriter(BlobStore store, Compression compression, Instant modificationTime) {
        this.store = store;
        this.compression = compression;
        this.modificationTime = modificationTime;
    }

    public Layer write(LayerContents contents) throws IOException {
        Path temp = store.newTempFile();
        boolean committed = false;
        try {
            HashingOutputStream compressed;
            HashingOutputStream uncompressed;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024)) {
                compressed = new HashingOutputStream(file);
                OutputStream compressor = compression.compress(compressed);
                uncompressed = new HashingOutputStream(compressor);
                new TarLayerWriter(modificationTime).write(contents, uncompressed);
                compressor.close();
            }
            Descriptor descriptor = new Descriptor(compression.layerMediaType(), compressed.digest(), compressed.count());
            Path blob = store.commit(temp, descriptor.digest());
            committed = true;
            return new Layer(descriptor, uncompressed.digest(), blob);
        } finally {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
