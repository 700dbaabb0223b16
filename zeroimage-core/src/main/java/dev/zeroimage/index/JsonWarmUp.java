package dev.zeroimage.index;

import dev.zeroimage.build.ImageReport;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Manifest;

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
        Thread thread = new Thread(JsonWarmUp::warmUp, "zeroimage-json-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    private static void warmUp() {
        try {
            var mapper = Json.mapper();
            mapper.readerFor(Manifest.class);
            mapper.readerFor(ImageConfig.class);
            mapper.readerFor(ImageIndex.class);
            mapper.readTree("{\"mediaType\":\"\"}");
            mapper.writerFor(ImageIndex.class);
            mapper.writerFor(ImageReport.class);
        } catch (Exception | LinkageError e) {
            // Only a head start.
        }
    }
}
