package dev.zeroimage.index;

import dev.zeroimage.build.ImageReport;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Platform;
import dev.zeroimage.util.WarmUp;

import java.util.List;
import java.util.Map;

/**
 * Builds the JSON mapper and its (de)serializers for manifests, configs, indexes and the report on a
 * background thread while the first registry request is under way (issue 16): for an index over
 * registry images, Jackson's start-up and the HTTP client's are most of the goal's own time, and on
 * two cores they need not wait for each other. Nothing is kept but the mapper's own caches; a failure
 * is left to the real read to report.
 */
final class JsonWarmUp {
    private JsonWarmUp() {
    }

    static void start() {
        WarmUp.start("zeroimage-json-warm-up", JsonWarmUp::warmUp);
    }

    private static void warmUp() throws Exception {
        var mapper = Json.mapper();
        mapper.readerFor(Manifest.class);
        mapper.readerFor(ImageConfig.class);
        mapper.readerFor(ImageIndex.class);
        mapper.readTree("{\"mediaType\":\"\"}");
        mapper.writerFor(ImageReport.class);
        // Serializing a small index builds the serializers of its nested types too (descriptors, platforms).
        Descriptor entry = new Descriptor(MediaType.OCI_MANIFEST, Digest.sha256(new byte[0]), 0,
                Platform.parse("linux/arm64/v8"), Map.of("a", "b"));
        Json.toBytes(new ImageIndex(2, MediaType.OCI_INDEX, List.of(entry), Map.of("a", "b")));
    }
}
