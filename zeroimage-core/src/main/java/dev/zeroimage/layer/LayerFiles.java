package dev.zeroimage.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The file system a stack of layers makes up, for the few lookups a build needs (is the program's
 * loader there, what does /etc/passwd say). The layers are scanned once, on the first lookup.
 */
public final class LayerFiles {
    private static final int MAX_FILE_SIZE = 4 * 1024 * 1024;
    /** Linux gives up after 40 links in one lookup (ELOOP). */
    private static final int MAX_SYMLINKS = 40;

    private final List<Layer> layers;
    private TreeMap<String, Node> tree;

    public LayerFiles(List<Layer> layers) {
        this.layers = List.copyOf(layers);
    }

    private TreeMap<String, Node> tree() throws IOException {
        if (tree == null) {
            tree = mergedTree(layers);
        }
        return tree;
    }

    /**
     * The content of the regular file at {@code path} in the file system the layers make up (links
     * followed, whiteouts honoured, as {@link #exists}); empty if there is none or it is too large.
     */
    public Optional<String> read(String path) throws IOException {
        Optional<String> resolved = resolve(tree(), stripDotSlash(path));
        Node node = resolved.map(tree()::get).orElse(null);
        if (node == null || node.directory() || node.linkTarget() != null) {
            return Optional.empty();
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(open(layers.get(node.layer())))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (trimmed(entry.getName()).equals(resolved.get())) {
                    return entry.isFile() && entry.getSize() <= MAX_FILE_SIZE
                            ? Optional.of(new String(tar.readAllBytes(), StandardCharsets.UTF_8)) : Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * True when {@code path} exists in the file system the layers make up, the way the kernel would
     * find it: symbolic links are followed, in the parent directories as well as the last component
     * ({@code /lib64/ld-linux-x86-64.so.2} in a usr-merged Debian or Ubuntu is reached through
     * {@code lib64 -> usr/lib64} and an absolute link). A dangling link does not exist.
     */
    public boolean exists(String path) throws IOException {
        return resolve(tree(), stripDotSlash(path)).isPresent();
    }

    /** The kinds of entry the merged tree tells apart (hard links count as files), and which layer has it. */
    private record Node(boolean directory, String linkTarget, int layer) {
    }

    /** Every path (no leading slash) of the layers applied in order, honouring whiteouts. */
    private static TreeMap<String, Node> mergedTree(List<Layer> layers) throws IOException {
        TreeMap<String, Node> tree = new TreeMap<>();
        for (int index = 0; index < layers.size(); index++) {
            Layer layer = layers.get(index);
            Map<String, Node> added = new LinkedHashMap<>();
            List<String> whiteouts = new ArrayList<>();
            List<String> opaque = new ArrayList<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(open(layer))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    String name = trimmed(entry.getName());
                    if (name.isEmpty()) {
                        continue;
                    }
                    int slash = name.lastIndexOf('/');
                    String parent = slash < 0 ? "" : name.substring(0, slash);
                    String base = name.substring(slash + 1);
                    if (base.equals(".wh..wh..opq")) {
                        opaque.add(parent);
                    } else if (base.startsWith(".wh.")) {
                        whiteouts.add((parent.isEmpty() ? "" : parent + "/") + base.substring(4));
                    } else {
                        added.put(name, new Node(entry.isDirectory(),
                                entry.isSymbolicLink() ? entry.getLinkName() : null, index));
                    }
                }
            }
            // A layer's whiteouts hide what lower layers have, never its own entries.
            for (String directory : opaque) {
                removeTree(tree, directory, false);
            }
            for (String hidden : whiteouts) {
                removeTree(tree, hidden, true);
            }
            for (Map.Entry<String, Node> entry : added.entrySet()) {
                if (!entry.getValue().directory()) {
                    // A file or link replacing a directory replaces its contents too.
                    removeTree(tree, entry.getKey(), false);
                }
                tree.put(entry.getKey(), entry.getValue());
            }
        }
        return tree;
    }

    private static void removeTree(TreeMap<String, Node> tree, String path, boolean itself) {
        if (itself) {
            tree.remove(path);
        }
        String prefix = path.isEmpty() ? "" : path + "/";
        tree.subMap(prefix, true, prefix + Character.MAX_VALUE, true).clear();
    }

    /**
     * Walks {@code path} component by component, following links as path resolution does; returns
     * the path it ends at, or empty when it does not resolve.
     */
    private static Optional<String> resolve(TreeMap<String, Node> tree, String path) {
        Deque<String> pending = new ArrayDeque<>(List.of(path.split("/")));
        String current = "";
        int links = 0;
        while (!pending.isEmpty()) {
            String component = pending.pollFirst();
            if (component.isEmpty() || component.equals(".")) {
                continue;
            }
            if (component.equals("..")) {
                int slash = current.lastIndexOf('/');
                current = slash < 0 ? "" : current.substring(0, slash);
                continue;
            }
            String candidate = current.isEmpty() ? component : current + "/" + component;
            Node node = tree.get(candidate);
            if (node == null) {
                // Directories need no entry of their own when something below them has one.
                String below = tree.ceilingKey(candidate + "/");
                if (below == null || !below.startsWith(candidate + "/")) {
                    return Optional.empty();
                }
                current = candidate;
            } else if (node.linkTarget() != null) {
                if (++links > MAX_SYMLINKS) {
                    return Optional.empty();
                }
                String target = node.linkTarget();
                if (target.startsWith("/")) {
                    current = "";
                }
                List<String> parts = List.of(target.split("/"));
                for (int i = parts.size() - 1; i >= 0; i--) {
                    pending.addFirst(parts.get(i));
                }
            } else if (node.directory()) {
                current = candidate;
            } else if (!pending.isEmpty()) {
                return Optional.empty(); // a file in the middle of the path: "not a directory"
            } else {
                current = candidate;
            }
        }
        return Optional.of(current);
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

    /** An entry name without {@code ./} or {@code /} in front or {@code /} behind. */
    private static String trimmed(String name) {
        String result = stripDotSlash(name);
        while (result.endsWith("/")) {
            result = result.substring(0, result.length() - 1);
        }
        return result;
    }

    private static String stripDotSlash(String name) {
        String result = name;
        while (result.startsWith("./") || result.startsWith("/")) {
            result = result.substring(result.startsWith("./") ? 2 : 1);
        }
        return result;
    }
}
