package dev.zeroimage.build;

import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.util.WarmUp;

import java.util.List;
import java.util.Map;

/**
 * Starts Jackson's mapper and the config and manifest serializers on a background thread while the
 * build checks its inputs, a stretch in which the second core idles (issue 16). Otherwise they start
 * when the image is assembled, right after compression, on the build's critical path (about 50 ms
 * in a fresh Maven JVM). Nothing is kept but the mapper's own caches; a failure is left to the real
 * assembly to report.
 */
public final class BuildWarmUp {
    private BuildWarmUp() {
    }

    public static void start() {
        WarmUp.start("zeroimage-build-warm-up", BuildWarmUp::warmUp);
    }

    private static void warmUp() {
        Image.assemble(new ImageConfig(), List.of(), Map.of(), ImageFormat.OCI);
    }
}
