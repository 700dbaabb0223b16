package dev.zeroimage.build;

import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.TarLayerWriter;
import dev.zeroimage.util.WarmUp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Gets a fresh JVM ready for a build on a background thread while the build checks its inputs and
 * asks the registry for its base, stretches in which the second core idles (issue 16):
 * <ul>
 * <li>The tar writer: commons-compress's header code loads and initializes its classes the first time.</li>
 * <li>SHA-256 is slow Java (C1-compiled, no SHA instructions) until C2 has compiled it, and in Maven's
 *     JVM C2 is busy: a JFR timeline of a cold pull showed all three layer downloads hashing that way
 *     for their whole 0.25 s. A few MiB hashed here queue the compilation before any layer arrives.</li>
 * <li>Jackson's mapper and the serializers of the config, manifest, cache key, archive index and report
 *     otherwise start where each is first written, after compression, on the critical path (about
 *     50 ms for the first, 5-10 ms for each of the others).</li>
 * </ul>
 * Nothing is kept but the JVM's own state; a failure is left to the real work to report.
 */
public final class BuildWarmUp {
    /** Enough SHA-256 input for the JIT to compile it with the CPU's SHA instructions (measured: 2 MiB). */
    private static final int HASHED_BYTES = 4 << 20;

    private BuildWarmUp() {
    }

    public static void start() {
        WarmUp.start("zeroimage-build-warm-up", BuildWarmUp::warmUp);
    }

    /** The warm-up itself, for a caller that runs it on a thread of its own with other warm-ups. */
    public static void warmUp() throws IOException {
        // First what the build needs first: the tar writer's classes (commons-compress's header code is
        // 15-20 ms of class loading in a fresh JVM, just before the first block can be compressed).
        new TarLayerWriter(Instant.EPOCH).write(new LayerContents().add(LayerEntry.directory("/warm-up", 0755))
                .add(LayerEntry.content("/warm-up/file", new byte[1], 0644)), OutputStream.nullOutputStream());
        MessageDigest sha256 = Digest.newSha256();
        byte[] chunk = new byte[256 * 1024];
        for (int hashed = 0; hashed < HASHED_BYTES; hashed += chunk.length) {
            sha256.update(chunk);
        }
        sha256.digest();
        ImageConfig config = new ImageConfig();
        config.os = "linux";
        config.architecture = "amd64";
        Image image = Image.assemble(config, List.of(), Map.of(), ImageFormat.OCI);
        // The other JSON of a build, each a first use of a serializer: the layer cache's key, the
        // archive's index.json and manifest.json, the report.
        Json.toBytes(Json.mapper().createObjectNode().put("warm-up", 1));
        ImageReference reference = ImageReference.parse("warm-up:1");
        OciArchiveWriter.metadataFiles(image, reference);
        Json.toPrettyString(ImageReport.of(image, reference, Path.of("warm-up.tar")));
    }
}
