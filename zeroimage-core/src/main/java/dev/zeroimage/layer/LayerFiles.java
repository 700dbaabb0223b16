package dev.zeroimage.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.MediaType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

/** Reads small files (such as /etc/passwd) out of layer blobs, honouring whiteouts of later layers. */
public final class LayerFiles {
    private static final int MAX_FILE_SIZE = 4 * 1024 * 1024;

    private LayerFiles() {
    }

    /** The content of {@code path} as the top-most layer that has it (or deletes it) says; empty if none. */
    public static Optional<String> readLatest(List<Layer> layers, String path) throws IOException {
        return findTopmost(layers, path, (entry, tar) -> entry.isFile() && entry.getSize() <= MAX_FILE_SIZE
                ? new String(tar.readAllBytes(), StandardCharsets.UTF_8) : null);
    }

    /** True when {@code path} exists (as any kind of entry) in the file system the layers make up. */
    public static boolean exists(List<Layer> layers, String path) throws IOException {
        return findTopmost(layers, path, (entry, tar) -> Boolean.TRUE).isPresent();
    }

    @FunctionalInterface
    private interface EntryReader<T> {
        T read(TarArchiveEntry entry, TarArchiveInputStream tar) throws IOException;
    }

    /** Scans layers from the top; a whiteout of the path in a higher layer hides it in lower ones. */
    private static <T> Optional<T> findTopmost(List<Layer> layers, String path, EntryReader<T> reader)
            throws IOException {
        String wanted = LayerEntry.normalize(path).substring(1);
        int slash = wanted.lastIndexOf('/');
        String whiteout = (slash < 0 ? "" : wanted.substring(0, slash + 1)) + ".wh." + wanted.substring(slash + 1);
        for (int i = layers.size() - 1; i >= 0; i--) {
            try (TarArchiveInputStream tar = new TarArchiveInputStream(open(layers.get(i)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String name = stripDotSlash(entry.getName());
                    if (name.endsWith("/")) {
                        name = name.substring(0, name.length() - 1);
                    }
                    if (name.equals(whiteout)) {
                        return Optional.empty();
                    }
                    if (name.equals(wanted)) {
                        return Optional.ofNullable(reader.read(entry, tar));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Opens a layer blob decompressed, according to its media type. */
    public static InputStream open(Layer layer) throws IOException {
        if (layer.blob() == null) {
            throw new ZeroImageException("Layer " + layer.descriptor().digest() + " is not available locally");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(layer.blob()), 64 * 1024);
        String type = layer.descriptor().mediaType();
        if (type.endsWith("+zstd") || type.endsWith(".zstd")) {
            return new ZstdInputStream(raw);
        }
        if (type.equals(MediaType.OCI_LAYER_TAR)) {
            return raw;
        }
        return new GzipCompressorInputStream(raw, true);
    }

    private static String stripDotSlash(String name) {
        String result = name;
        while (result.startsWith("./") || result.startsWith("/")) {
            result = result.substring(result.startsWith("./") ? 2 : 1);
        }
        return result;
    }
}
