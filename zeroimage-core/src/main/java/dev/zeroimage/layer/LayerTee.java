package dev.zeroimage.layer;

import dev.zeroimage.image.Layer;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where else the layers go as {@link LayerWriter} makes them: the output archive, so that a layer's
 * compressed bytes land there while they are made rather than being copied in, and flushed to disk
 * again, after the image is done (issue 16). For each layer the writer calls {@link #cached} when it
 * took the layer from the cache, or {@link #begin} and then {@link #end} or {@link #abandon} when it
 * compresses it.
 */
public interface LayerTee {
    /** Takes nothing. */
    LayerTee NONE = new LayerTee() {
        @Override
        public void cached(Layer layer) {
        }

        @Override
        public OutputStream begin() {
            return null;
        }

        @Override
        public void end(Layer layer) {
        }

        @Override
        public void abandon() {
        }
    };

    /** A layer that was not compressed: it came from the layer cache. */
    void cached(Layer layer) throws IOException;

    /** Where a copy of the compressed bytes of the layer about to be written goes; null for none. */
    OutputStream begin() throws IOException;

    /** The layer whose bytes went to the stream {@link #begin} gave: it is complete and in the cache. */
    void end(Layer layer) throws IOException;

    /** The layer whose bytes went to the stream {@link #begin} gave failed: forget them. */
    void abandon();
}
