package dev.zeroimage.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.libraries.BundledFile;
import dev.zeroimage.util.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What release scripts read after a build: {@code image.json} (reference, digests, platform, layers,
 * output file, pushed tags) and {@code image-digest} (the manifest digest alone). For a multi-platform
 * image {@code manifestDigest} and {@code mediaType} are the index's (what {@code docker pull app@…}
 * takes), and {@code platforms} describes each platform's image; there is no top-level config,
 * platform or layers then.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"image", "manifestDigest", "configDigest", "platform", "mediaType", "layers", "platforms",
        "outputFile", "pushed", "libraries"})
public record ImageReport(String image, String manifestDigest, String configDigest, String platform,
                          String mediaType, List<Descriptor> layers, String outputFile, List<String> pushed,
                          List<BundledFile> libraries, List<PlatformReport> platforms) {

    /** One platform of a multi-platform image. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({"platform", "manifestDigest", "configDigest", "mediaType", "layers"})
    public record PlatformReport(String platform, String manifestDigest, String configDigest, String mediaType,
                                 List<Descriptor> layers) {
        static PlatformReport of(Image image) {
            return new PlatformReport(image.platform().toString(), image.digest().toString(),
                    image.configDescriptor().digest().toString(), image.manifestDescriptor().mediaType(),
                    image.layers().stream().map(Layer::descriptor).toList());
        }
    }

    public ImageReport(String image, String manifestDigest, String configDigest, String platform,
                       String mediaType, List<Descriptor> layers, String outputFile, List<String> pushed,
                       List<BundledFile> libraries) {
        this(image, manifestDigest, configDigest, platform, mediaType, layers, outputFile, pushed, libraries,
                List.of());
    }

    /** The report of a multi-platform image: the index's digest and media type, then each platform's. */
    public static ImageReport of(MultiPlatformImage image, ImageReference reference, Path outputFile) {
        return new ImageReport(reference.familiarName(), image.digest().toString(), null, null,
                image.descriptor().mediaType(), List.of(),
                outputFile == null ? null : outputFile.toAbsolutePath().toString(), List.of(), List.of(),
                image.images().stream().map(PlatformReport::of).toList());
    }

    /** The report of a built or loaded image; {@code image} names it as Docker shows it ({@code familiarName}). */
    public static ImageReport of(Image image, ImageReference reference, Path outputFile) {
        return new ImageReport(reference.familiarName(), image.digest().toString(), image.configDescriptor().digest().toString(),
                image.platform().toString(), image.manifestDescriptor().mediaType(),
                image.layers().stream().map(Layer::descriptor).toList(),
                outputFile == null ? null : outputFile.toAbsolutePath().toString(), List.of(), List.of());
    }

    public ImageReport withPushed(List<String> references, String registryDigest) {
        return new ImageReport(image, registryDigest, configDigest, platform, mediaType, layers, outputFile,
                List.copyOf(references), libraries, platforms);
    }

    /** With the files of the bundle layer (libraries=bundle). */
    public ImageReport withLibraries(List<BundledFile> files) {
        return new ImageReport(image, manifestDigest, configDigest, platform, mediaType, layers, outputFile, pushed,
                List.copyOf(files), platforms);
    }

    /**
     * Removes {@code image.json} and {@code image-digest} from {@code directory}: call it before the tar
     * they describe is replaced, so a build failing after that never leaves a report of the old image.
     */
    public static void deleteFrom(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve("image-digest"));
        Files.deleteIfExists(directory.resolve("image.json"));
    }

    /** Writes {@code image.json} and {@code image-digest} into {@code directory}, each atomically. */
    public void writeTo(Path directory) throws IOException {
        AtomicFiles.write(directory.resolve("image.json"),
                (Json.toPrettyString(this) + "\n").getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(directory.resolve("image-digest"), manifestDigest.getBytes(StandardCharsets.UTF_8));
    }
}
