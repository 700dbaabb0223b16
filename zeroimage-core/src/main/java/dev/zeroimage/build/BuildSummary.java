package dev.zeroimage.build;

import dev.zeroimage.image.Image;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.image.Platform;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.util.Sizes;

import java.nio.file.Path;
import java.util.stream.Collectors;

/** The one-line summaries every front end prints after a build and a push, worded the same everywhere. */
public final class BuildSummary {
    private BuildSummary() {
    }

    /** {@code Built image app:1.0 (linux/amd64) sha256:…, 12.3 MB, in 850 ms, written to …}; no "written" part without output. */
    public static String built(String name, Image image, long millis, Path output) {
        return String.format("Built image %s (%s) %s, %s, in %d ms", name, image.platform(), image.digest(),
                Sizes.human(image.compressedSize()), millis) + (output == null ? "" : ", written to " + output);
    }

    /** {@code Built image app:1.0 (linux/amd64, linux/arm64/v8) sha256:<index digest>, 12.3 MB, in 850 ms, written to …}. */
    public static String built(String name, MultiPlatformImage image, long millis, Path output) {
        String platforms = image.platforms().stream().map(Platform::toString).collect(Collectors.joining(", "));
        return String.format("Built image %s (%s) %s, %s, in %d ms", name, platforms, image.digest(),
                Sizes.human(image.compressedSize()), millis) + (output == null ? "" : ", written to " + output);
    }

    /** {@code Pushed ref (digest): n blob(s) uploaded, n already there, n mounted}. */
    public static String pushed(ImagePusher.Result result) {
        return String.format("Pushed %s (%s): %d blob(s) uploaded, %d already there, %d mounted",
                String.join(", ", result.references()), result.digest(), result.uploaded(), result.skipped(),
                result.mounted());
    }
}
