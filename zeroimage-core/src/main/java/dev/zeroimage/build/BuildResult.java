package dev.zeroimage.build;

import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.libraries.LibraryPlan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of a build: one {@link PlatformBuild} per executable, in the configured order. One
 * executable makes a plain single-platform image; several make a multi-platform image (an index over them).
 *
 * @param indexAnnotations the annotations of the index (the project's, without the per-platform base ones)
 */
public record BuildResult(List<PlatformBuild> platforms, Map<String, String> indexAnnotations, ImageFormat format) {

    public BuildResult {
        platforms = List.copyOf(platforms);
        indexAnnotations = new LinkedHashMap<>(indexAnnotations);
    }

    @Override
    public Map<String, String> indexAnnotations() {
        return new LinkedHashMap<>(indexAnnotations);
    }

    public boolean multiPlatform() {
        return platforms.size() > 1;
    }

    /** The build of a single-platform image. */
    public PlatformBuild single() {
        if (multiPlatform()) {
            throw new IllegalStateException("a multi-platform build has " + platforms.size() + " images");
        }
        return platforms.get(0);
    }

    /** The image of a single-platform build. */
    public Image image() {
        return single().image();
    }

    /** The index over every platform's image, in the configured order (OCI index or Docker manifest list). */
    public MultiPlatformImage multiPlatformImage() {
        return MultiPlatformImage.assemble(platforms.stream().map(PlatformBuild::image).toList(), indexAnnotations,
                format);
    }

    /** Every platform's library plan, in order (NONE for a static executable). */
    public List<LibraryPlan> libraries() {
        return platforms.stream().map(PlatformBuild::libraries).toList();
    }
}
