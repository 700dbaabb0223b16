package dev.zeroimage.build;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Addition;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.Layer;
import dev.zeroimage.layer.Compression;
import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Small bases made in the test, in their own blob store (so the build's store starts empty). */
final class InMemoryBases {
    static final Instant CREATED = Instant.parse("2024-02-03T04:05:06Z");
    static final String PASSWD = "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n";

    private InMemoryBases() {
    }

    /** A linux/{@code architecture} base with one layer holding /etc/passwd, Env, Cmd, a label and a history line. */
    static BaseImage withPasswd(Path storeRoot, String architecture) throws IOException {
        Layer layer = new LayerWriter(new BlobStore(storeRoot), Compression.DEFAULT, CREATED).write(new LayerContents()
                .add(LayerEntry.content("/etc/passwd", PASSWD.getBytes(StandardCharsets.UTF_8), 0644)));
        ImageConfig config = new ImageConfig();
        config.created = CREATED.toString();
        config.os = "linux";
        config.architecture = architecture;
        config.config.env = new ArrayList<>(List.of("PATH=/base/bin", "LANG=C.UTF-8"));
        config.config.cmd = List.of("sh");
        config.config.labels = new TreeMap<>(Map.of("base", "yes"));
        config.append(config.created, List.of(new Addition(layer, "base: ADD passwd")));
        return new BaseImage("test-base", null, config, List.of(layer));
    }

    /** Regular files under {@code storeRoot}/blobs: what a build has written to the cache. */
    static long blobCount(Path storeRoot) throws IOException {
        Path blobs = storeRoot.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
