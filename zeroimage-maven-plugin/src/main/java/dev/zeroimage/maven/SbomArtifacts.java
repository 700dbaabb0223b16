package dev.zeroimage.maven;

import dev.zeroimage.build.BuildOptions;
import dev.zeroimage.build.BuildResult;
import dev.zeroimage.build.PlatformBuild;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.layer.FileDigests;
import dev.zeroimage.image.Platform;
import dev.zeroimage.sbom.CycloneDxWriter;
import dev.zeroimage.util.AtomicFiles;
import org.apache.maven.project.MavenProject;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The SBOMs of a build, one per platform image: {@code sbom.cdx.json} (classifier {@code image-cyclonedx})
 * for a single-platform image, {@code sbom-<os>-<arch>[-<variant>].cdx.json} (classifier
 * {@code image-cyclonedx-<os>-<arch>[-<variant>]}) for each platform of a multi-platform image.
 */
final class SbomArtifacts {
    static final String FILE = "sbom.cdx.json";
    static final String CLASSIFIER = "image-cyclonedx";

    private SbomArtifacts() {
    }

    /** One written SBOM: the platform manifest it describes, its bytes, file and classifier. */
    record Written(PlatformBuild build, byte[] json, Path file, String classifier) {
        SupplyChainPush.Pushed pushed() {
            return new SupplyChainPush.Pushed(build.image().manifestDescriptor(), json, file.getFileName().toString());
        }
    }

    static String fileName(Platform platform, boolean multiPlatform) {
        return multiPlatform ? "sbom-" + suffix(platform) + ".cdx.json" : FILE;
    }

    static String classifier(Platform platform, boolean multiPlatform) {
        return multiPlatform ? CLASSIFIER + "-" + suffix(platform) : CLASSIFIER;
    }

    /** {@code linux-arm64-v8}: the platform as a file name part. */
    private static String suffix(Platform platform) {
        return platform.os() + "-" + platform.architecture() + (platform.variant() == null ? "" : "-" + platform.variant());
    }

    /**
     * Writes every platform's SBOM into {@code directory} and returns them, telling no one: the build
     * runs this beside the archive copy (issue 16) and then {@link #announce}s them in order.
     */
    static List<Written> write(MavenProject project, BuildResult result, ImageReference reference, BuildOptions options,
                               Instant created, String toolVersion, FileDigests digests, Path directory)
            throws IOException {
        List<Written> written = new ArrayList<>();
        for (PlatformBuild build : result.platforms()) {
            byte[] json = CycloneDxWriter.toJson(MavenSbom.input(project, build.image(), reference, build.base(),
                    build.executable(), options.extraFiles(), build.libraries().files(), created, toolVersion,
                    digests));
            Path file = directory.resolve(fileName(build.platform(), result.multiPlatform()));
            AtomicFiles.write(file, json);
            written.add(new Written(build, json, file, classifier(build.platform(), result.multiPlatform())));
        }
        return written;
    }

    /** {@code attach} gets (file, classifier) of each written SBOM, {@code log} a line naming its file. */
    static void announce(List<Written> written, BiConsumer<Path, String> attach, Consumer<String> log) {
        for (Written sbom : written) {
            attach.accept(sbom.file(), sbom.classifier());
            log.accept("SBOM written to " + sbom.file());
        }
    }
}
