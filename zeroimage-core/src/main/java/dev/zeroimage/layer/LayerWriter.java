package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Layer;
import dev.zeroimage.util.HashingOutputStream;
import dev.zeroimage.util.Progress;
import dev.zeroimage.util.ProgressOutputStream;
import dev.zeroimage.util.TempFile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns layer contents into a compressed blob in one pass over the input: tar → SHA-256 of the tar
 * (the diff id) → compressor → SHA-256 and size of the compressed bytes → temporary file, which is
 * then moved into the blob store under its digest.
 */
public final class LayerWriter {
    private final BlobStore store;
    private final Compression compression;
    private final Instant modificationTime;
    private final Progress progress;
    private final LayerCache cache;

    public LayerWriter(BlobStore store, Compression compression, Instant modificationTime) {
        this(store, compression, modificationTime, Progress.NONE);
    }

    public LayerWriter(BlobStore store, Compression compression, Instant modificationTime, Progress progress) {
        this.store = store;
        this.compression = compression;
        this.modificationTime = modificationTime;
        this.progress = progress;
        this.cache = new LayerCache(store);
    }

    /** The layer for these contents: from the layer cache when the same bytes were built before. */
    public Layer write(LayerContents contents) throws IOException {
        Optional<String> key = cache.key(contents, compression, modificationTime);
        Optional<Layer> cached = key.isPresent() ? cache.lookup(key.get()) : Optional.empty();
        if (cached.isPresent()) {
            return cached.get();
        }
        Map<Path, Path> memos = new HashMap<>();
        for (LayerEntry entry : contents.entries()) {
            if (entry.source() != null) {
                memos.put(entry.source(), cache.fileDigests().memoPath(entry.source()));
            }
        }
        Map<Path, Digest> sourceDigests = new HashMap<>();
        Layer layer = writeUncached(contents, sourceDigests);
        for (Map.Entry<Path, Digest> source : sourceDigests.entrySet()) {
            cache.fileDigests().remember(memos.get(source.getKey()), source.getValue());
        }
        Optional<String> finalKey = cache.key(contents, compression, modificationTime);
        if (finalKey.isPresent()) {
            cache.record(finalKey.get(), layer);
        }
        return layer;
    }

    private Layer writeUncached(LayerContents contents, Map<Path, Digest> sourceDigests) throws IOException {
        Progress.Tracker tracker = progress.start("Compressing layer (" + compression + ")", inputSize(contents));
        try (TempFile temp = store.newTempFile()) {
            HashingOutputStream compressed;
            HashingOutputStream uncompressed;
            try (OutputStream file = new BufferedOutputStream(temp.output(), 256 * 1024)) {
                compressed = new HashingOutputStream(file);
                // Closed on failure too: the parallel compressor's threads must not outlive the build.
                try (OutputStream compressor = compression.compress(compressed)) {
                    uncompressed = new HashingOutputStream(new ProgressOutputStream(compressor, tracker));
                    new TarLayerWriter(modificationTime).write(contents, uncompressed, sourceDigests);
                }
            }
            tracker.finish();
            Descriptor descriptor = new Descriptor(compression.layerMediaType(), compressed.digest(), compressed.count());
            Path blob = store.commit(temp, descriptor.digest());
            return new Layer(descriptor, uncompressed.digest(), blob);
        }
    }

    private static long inputSize(LayerContents contents) throws IOException {
        long total = 0;
        for (LayerEntry entry : contents.entries()) {
            if (entry.source() != null) {
                total += Files.size(entry.source());
            } else if (entry.content() != null) {
                total += entry.content().length;
            }
        }
        return total;
    }
}
