package dev.zeroimage.layer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finished layers by a key made of everything that decides their bytes: each entry's path, kind,
 * mode, owner and content digest, the compression and the file time. A hit skips tar and
 * compression entirely; the blob itself stays content-addressed in the store.
 */
final class LayerCache {
    private static final int FORMAT = 1;

    private final BlobStore store;
    private final FileDigests fileDigests;

    LayerCache(BlobStore store) {
        this.store = store;
        this.fileDigests = new FileDigests(store);
    }

    /** The key, or empty when a source file's digest is not known yet (then the layer must be built). */
    Optional<String> key(LayerContents contents, Compression compression, Instant modificationTime)
            throws IOException {
        // Source digests first: on a cold build one is unknown, and the JSON of a key nobody can use would
        // put Jackson's start-up on the critical path before compression (issue 16).
        Map<Path, Digest> sourceDigests = new HashMap<>();
        for (LayerEntry entry : contents.entries()) {
            if (entry.content() == null && entry.source() != null) {
                Optional<Digest> digest = fileDigests.known(entry.source());
                if (digest.isEmpty()) {
                    return Optional.empty();
                }
                sourceDigests.put(entry.source(), digest.get());
            }
        }
        ObjectNode key = Json.mapper().createObjectNode();
        key.put("format", FORMAT);
        key.put("compression", compression.toString());
        key.put("time", modificationTime.getEpochSecond());
        ArrayNode entries = key.putArray("entries");
        for (LayerEntry entry : contents.entries()) {
            ObjectNode node = entries.addObject();
            node.put("path", entry.path());
            node.put("kind", entry.kind().name());
            node.put("mode", entry.mode());
            node.put("uid", entry.uid());
            node.put("gid", entry.gid());
            if (entry.linkTarget() != null) {
                node.put("link", entry.linkTarget());
            }
            if (entry.content() != null) {
                node.put("content", Digest.sha256(entry.content()).toString());
            } else if (entry.source() != null) {
                node.put("content", sourceDigests.get(entry.source()).toString());
            }
        }
        return Optional.of(Digest.sha256(Json.toBytes(key)).hex());
    }

    FileDigests fileDigests() {
        return fileDigests;
    }

    Optional<Layer> lookup(String key) throws IOException {
        Path record = store.layout().layerRecord(key);
        Optional<String> text = store.readRecord(record);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            CachedLayer cached = Json.read(text.get().getBytes(StandardCharsets.UTF_8), CachedLayer.class,
                    "layer cache entry " + record);
            Path blob = store.path(cached.descriptor().digest());
            if (Files.isRegularFile(blob) && Files.size(blob) == cached.descriptor().size()) {
                return Optional.of(new Layer(cached.descriptor(), cached.diffId(), blob));
            }
        } catch (RuntimeException e) {
            // A damaged entry (garbage, a record without a descriptor) is a miss; the layer is rebuilt
            // and the entry rewritten. A blob of the right size is trusted here and verified when it is
            // copied into an archive or pushed.
        }
        return Optional.empty();
    }

    void record(String key, Layer layer) throws IOException {
        store.writeRecord(store.layout().layerRecord(key),
                new String(Json.toBytes(new CachedLayer(layer.descriptor(), layer.diffId())), StandardCharsets.UTF_8));
    }

    record CachedLayer(Descriptor descriptor, Digest diffId) {
    }
}
