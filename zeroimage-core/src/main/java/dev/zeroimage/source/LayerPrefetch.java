package dev.zeroimage.source;

import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.util.BoundedParallel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Fetches an image's layers {@link BoundedParallel#TRANSFERS} at a time instead of one after another, so
 * a pull of a several-layer base is bounded by bandwidth rather than by per-layer latency. Each blob
 * still streams into the store, verified while it is written (no second read); what is already in the
 * store is not touched. Anything the walk would reject (a foreign media type) is left to it.
 */
final class LayerPrefetch {
    private LayerPrefetch() {
    }

    static void fetch(BlobSource source, List<Descriptor> layers, String image) throws IOException {
        Set<Descriptor> distinct = new LinkedHashSet<>();
        for (Descriptor layer : layers) {
            if (layer != null && layer.digest() != null && MediaType.isLayer(layer.mediaType())) {
                distinct.add(layer);
            }
        }
        if (distinct.size() < 2) {
            return; // nothing to overlap: the walk fetches it
        }
        List<BoundedParallel.Task<Object>> tasks = new ArrayList<>();
        for (Descriptor layer : distinct) {
            tasks.add(() -> source.blob(layer, "layer " + layer.digest() + " of " + image));
        }
        BoundedParallel.run(tasks, BoundedParallel.TRANSFERS, "zeroimage-pull");
    }
}
