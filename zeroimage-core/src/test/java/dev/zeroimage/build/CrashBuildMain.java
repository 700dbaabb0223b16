package dev.zeroimage.build;

import dev.zeroimage.archive.OciArchiveWriter;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.layer.Compression;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A build as the plugin runs it (layers into the cache, then the archive), in its own JVM so a test can
 * kill it with SIGKILL: {@code CrashBuildMain <cache> <executable> <extra file> <output>}.
 */
public final class CrashBuildMain {
    static final Instant CREATED = Instant.parse("2024-01-02T03:04:05Z");
    static final ImageReference REFERENCE = ImageReference.parse("example.com/team/crash:1");

    private CrashBuildMain() {
    }

    public static void main(String[] args) throws Exception {
        build(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
    }

    static Image build(Path cache, Path executable, Path extraFile, Path output) throws Exception {
        BlobStore store = new BlobStore(cache);
        Image image = new ImageBuilder(store, (spec, platform) -> BaseImage.scratch())
                .build(BuildOptions.builder(executable).creationTime(CREATED)
                        .compression(Compression.of("gzip", 1))
                        .extraFiles(List.of(new ExtraFile(extraFile, "/etc/app.conf", 0644))).build());
        new OciArchiveWriter(CREATED).writeIfChanged(image, REFERENCE, output, store);
        return image;
    }
}
