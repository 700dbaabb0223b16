package dev.zeroimage.build;

import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.TarLayerWriter;
import dev.zeroimage.util.WarmUp;

import java.io.IOException;
import java.io.OutputStream;
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
 * <li>Jackson's mapper and the config and manifest serializers otherwise start when the image is
 *     assembled, right after compression, on the critical path (about 50 ms).</li>
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
        Image.assemble(new ImageConfig(), List.of(), Map.of(), ImageFormat.OCI);
    }
}
