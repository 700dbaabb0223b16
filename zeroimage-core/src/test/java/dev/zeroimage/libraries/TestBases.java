package dev.zeroimage.libraries;

import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerWriter;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Hand-made bases: each LayerContents written as a real layer blob, with a linux/amd64 config. */
final class TestBases {
    private TestBases() {
    }

    static BaseImage base(BlobStore store, String name, LayerContents... layers) throws IOException {
        LayerWriter writer = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH);
        List<dev.zeroimage.image.Layer> written = new ArrayList<>();
        for (LayerContents layer : layers) {
            written.add(writer.write(layer));
        }
        ImageConfig config = new ImageConfig();
        config.os = "linux";
        config.architecture = "amd64";
        return new BaseImage(name, null, config, written);
    }
}
