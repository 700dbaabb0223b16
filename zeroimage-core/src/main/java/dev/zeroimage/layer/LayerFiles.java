package dev.zeroimage.layer;

import com.github.luben.zstd.ZstdInputStream;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.util.Progress;
import dev.zeroimage.util.ProgressInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
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
 * loader there, what does /etc/passwd say). The layers are scanned once, on the first lookup; as
 * they are decompressed anyway, each is checked against its diff_id, and the scan is bounded (a
 * gzip bomb or a flood of entries fails naming the layer) and reports progress.
 */
public final class LayerFiles {
    private static final int MAX_FILE_SIZE = 4 * 1024 * 1024;
    /** What {@link #copyTo} holds at most: a library's headers and tables, a loader cache. */
    private static final int MAX_COPY = 64 * 1024 * 1024;
    /** Linux gives up after 40 links in one lookup (ELOOP). */
    private static final int MAX_SYMLINKS = 40;

    /**
     * Bounds of one scan. A layer may expand to {@code expansionRatio} times its compressed size,
     * but always to {@code minExpandedBytes} and never beyond {@code maxExpandedBytes}; all layers
     * together may hold {@code maxEntries} entries with {@code maxNameChars} characters of names.
     */
    public record Limits(long minExpandedBytes, long expansionRatio, long maxExpandedBytes, long maxEntries,
                         long maxNameChars) {
        /** Generous: real layers expand 2-10 times and hold well under 500,000 files. */
        public static final Limits DEFAULT = new Limits(8L << 30, 64, 256L << 30, 1_000_000, 64L << 20);

        long expandedLimit(long compressedSize) {
            long scaled = compressedSize > maxExpandedBytes / expansionRatio ? maxExpandedBytes
                    : compressedSize * expansionRatio;
            return Math.min(maxExpandedBytes, Math.max(minExpandedBytes, scaled));
        }
    }

    private final List<Layer> layers;
    private final String baseName;
    private final Progress progress;
    private final Limits limits;
    private TreeMap<String, Node> tree;
    private long entries;
    private long nameChars;

    public LayerFiles(List<Layer> layers) {
        this(layers, null, Progress.NONE, Limits.DEFAULT);
    }

    /** {@code baseName} names the base image in messages; {@code progress} shows long scans. */
    public LayerFiles(List<Layer> layers, String baseName, Progress progress) {
        this(layers, baseName, progress, Limits.DEFAULT);
    }

    public LayerFiles(List<Layer> layers, String baseName, Progress progress, Limits limits) {
        this.layers = List.copyOf(layers);
        this.baseName = baseName;
        this.progress = progress;
        this.limits = limits;
    }

    private TreeMap<String, Node> tree() throws IOException {
        if (tree == null) {
            TreeMap<String, Node> merged = new TreeMap<>();
            for (int index = 0; index < layers.size(); index++) {
                merge(merged, index);
            }
            tree = merged;
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
        byte[][] content = new byte[1][];
        scan(node.layer(), false, entry -> {
            // The last entry of that name wins, as when the layer is extracted.
            if (trimmed(entry.entry().getName()).equals(node.contentPath())) {
                content[0] = isRegularFile(entry.entry()) && entry.entry().getSize() <= MAX_FILE_SIZE
                        ? entry.tar().readAllBytes() : null;
            }
        });
        return content[0] == null ? Optional.empty() : Optional.of(new String(content[0], StandardCharsets.UTF_8));
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

    /**
     * The path {@code path} resolves to (links followed, as {@link #exists}), absolute, or empty when it
     * does not exist: {@code /lib/x86_64-linux-gnu} in a usr-merged image gives {@code /usr/lib/x86_64-linux-gnu}.
     */
    public Optional<String> realPath(String path) throws IOException {
        return resolve(tree(), stripDotSlash(path)).map(resolved -> "/" + resolved);
    }

    /** True when {@code path} resolves to a regular file (not a directory). */
    public boolean isFile(String path) throws IOException {
        Optional<String> resolved = resolve(tree(), stripDotSlash(path));
        Node node = resolved.map(tree()::get).orElse(null);
        return node != null && !node.directory() && node.linkTarget() == null;
    }

    /**
     * Copies at most {@code limit} bytes of the regular file {@code path} resolves to into {@code out}
     * (hard links read through); false (nothing written) when there is no such regular file.
     */
    public boolean copyTo(String path, OutputStream out, long limit) throws IOException {
        Optional<String> resolved = resolve(tree(), stripDotSlash(path));
        Node node = resolved.map(tree()::get).orElse(null);
        if (node == null || node.directory() || node.linkTarget() != null) {
            return false;
        }
        byte[][] content = new byte[1][];
        scan(node.layer(), false, entry -> {
            // The last entry of that name wins, as when the layer is extracted.
            if (trimmed(entry.entry().getName()).equals(node.contentPath())) {
                content[0] = isRegularFile(entry.entry()) ? entry.tar().readNBytes((int) Math.min(limit, MAX_COPY)) : null;
            }
        });
        if (content[0] == null) {
            return false;
        }
        out.write(content[0]);
        return true;
    }

    /** The names directly inside the directory {@code path} resolves to, sorted; empty if none. */
    public List<String> list(String path) throws IOException {
        Optional<String> resolved = resolve(tree(), stripDotSlash(path));
        if (resolved.isEmpty()) {
            return List.of();
        }
        String prefix = resolved.get().isEmpty() ? "" : resolved.get() + "/";
        List<String> names = new ArrayList<>();
        for (String key : tree().subMap(prefix, true, prefix + Character.MAX_VALUE, true).keySet()) {
            String rest = key.substring(prefix.length());
            int slash = rest.indexOf('/');
            String name = slash < 0 ? rest : rest.substring(0, slash);
            if (!name.isEmpty() && (names.isEmpty() || !names.get(names.size() - 1).equals(name))) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The kinds of entry the merged tree tells apart, which layer holds the content and under which
     * name: a hard link's content is its target's, which may be in a lower layer.
     */
    private record Node(boolean directory, String linkTarget, int layer, String contentPath) {
    }

    /** Applies layer {@code index} to {@code tree}, honouring whiteouts. */
    private void merge(TreeMap<String, Node> tree, int index) throws IOException {
        Map<String, Node> added = new LinkedHashMap<>();
        List<String> whiteouts = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        scan(index, true, read -> {
            TarArchiveEntry entry = read.entry();
            String name = trimmed(entry.getName());
            if (name.isEmpty()) {
                return;
            }
            if (++entries > limits.maxEntries()
                    || (nameChars += name.length() + (entry.getLinkName() == null ? 0 : entry.getLinkName().length()))
                    > limits.maxNameChars()) {
                throw new ZeroImageException("The " + describe(index) + " brings the base image to more than "
                        + limits.maxEntries() + " files or " + limits.maxNameChars() + " characters of file names,"
                        + " far more than a real image has (a hostile archive?): refusing to scan it");
            }
            int slash = name.lastIndexOf('/');
            String parent = slash < 0 ? "" : name.substring(0, slash);
            String base = name.substring(slash + 1);
            if (base.equals(".wh..wh..opq")) {
                opaque.add(parent);
            } else if (base.startsWith(".wh.")) {
                whiteouts.add((parent.isEmpty() ? "" : parent + "/") + base.substring(4));
            } else if (entry.isLink()) {
                // A hard link: the same file as its target, which an earlier entry (of this or a lower layer) made.
                String target = trimmed(entry.getLinkName());
                Node linked = added.containsKey(target) ? added.get(target) : tree.get(target);
                if (linked != null && !linked.directory()) {
                    added.put(name, linked);
                }
            } else {
                added.put(name, new Node(entry.isDirectory(),
                        entry.isSymbolicLink() ? entry.getLinkName() : null, index, name));
            }
        });
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

    private static boolean isRegularFile(TarArchiveEntry entry) {
        return entry.isFile() && !entry.isLink() && !entry.isSymbolicLink();
    }

    /** One entry met during a scan, with the stream its data can be read from. */
    private record ScannedEntry(TarArchiveEntry entry, InputStream tar) {
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void visit(ScannedEntry entry) throws IOException;
    }

    /**
     * Reads layer {@code index} entry by entry, within the limits; {@code verify}: hash the whole
     * uncompressed stream and compare it with the layer's diff_id. Every failure names the layer.
     */
    private void scan(int index, boolean verify, EntryVisitor visitor) throws IOException {
        Layer layer = layers.get(index);
        String what = describe(index);
        if (layer.blob() == null || !Files.isRegularFile(layer.blob())) {
            throw new ZeroImageException("The " + what + " is not available locally (" + layer.blob() + ")");
        }
        String compression = compressionOf(layer.descriptor().mediaType());
        long limit = limits.expandedLimit(layer.descriptor().size());
        Progress.Tracker tracker = progress.start("Scanning base layer " + layer.descriptor().digest().shortHex(),
                layer.descriptor().size());
        // Progress below the buffer: the gzip reader marks and re-reads, which must not count twice.
        try (InputStream raw = new BufferedInputStream(
                new ProgressInputStream(Files.newInputStream(layer.blob()), tracker), 64 * 1024)) {
            InputStream decompressed;
            try {
                decompressed = decompress(raw, layer.descriptor().mediaType());
            } catch (IOException e) {
                throw new ZeroImageException("The " + what + " is not " + compression + " data, although its media"
                        + " type " + layer.descriptor().mediaType() + " says so (" + reason(e) + "): the base image is"
                        + " broken, choose or rebuild another one", e);
            }
            CheckedStream checked = new CheckedStream(decompressed, limit, what);
            BoundedTarInputStream tar = new BoundedTarInputStream(checked, what);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                visitor.visit(new ScannedEntry(entry, tar));
            }
            if (verify) {
                checked.transferTo(OutputStream.nullOutputStream());
                Digest actual = checked.digest();
                if (layer.diffId() != null && !layer.diffId().equals(actual)) {
                    throw new ZeroImageException("The " + what + " does not match its diff_id: the config says "
                            + layer.diffId() + " but its uncompressed content is " + actual + ". The base image is"
                            + " corrupt or was tampered with: refusing to build on it");
                }
            }
        } catch (DecompressionFailure e) {
            IOException cause = e.getCause();
            boolean truncated = cause instanceof EOFException
                    || String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("truncated");
            throw new ZeroImageException((truncated ? "truncated " : "corrupt ") + compression + " in " + what
                    + " (" + reason(cause) + "): the base image is broken, choose or rebuild another one", cause);
        } catch (IOException e) {
            throw new ZeroImageException("invalid tar in " + what + " (" + reason(e) + "): the base image is"
                    + " broken, choose or rebuild another one", e);
        }
    }

    private String describe(int index) {
        return "layer " + layers.get(index).descriptor().digest() + " of base "
                + (baseName == null ? "image" : baseName);
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + message;
    }

    private static String compressionOf(String mediaType) {
        if (mediaType.endsWith("+zstd") || mediaType.endsWith(".zstd")) {
            return "zstd";
        }
        return mediaType.equals(MediaType.OCI_LAYER_TAR) ? "tar" : "gzip";
    }

    /** An I/O failure of the decompressor (as opposed to the tar reader above it). */
    private static final class DecompressionFailure extends IOException {
        DecompressionFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * Between decompressor and tar reader: hashes the uncompressed bytes, refuses more than
     * {@code limit} of them, and marks the decompressor's failures as such.
     */
    private static final class CheckedStream extends FilterInputStream {
        private final MessageDigest sha256 = Digest.newSha256();
        private final long limit;
        private final String what;
        private long count;

        CheckedStream(InputStream in, long limit, String what) {
            super(in);
            this.limit = limit;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n;
            try {
                n = in.read(buffer, offset, length);
            } catch (IOException e) {
                throw new DecompressionFailure(e);
            }
            if (n > 0) {
                sha256.update(buffer, offset, n);
                count += n;
                if (count > limit) {
                    throw new ZeroImageException("The " + what + " expands to more than " + limit + " bytes"
                            + " (a gzip bomb?): refusing to scan it. Choose or rebuild another base image");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must be hashed and counted too.
            byte[] buffer = new byte[(int) Math.min(n, 64 * 1024)];
            int read = read(buffer, 0, buffer.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        Digest digest() {
            return Digest.fromSha256(sha256.digest());
        }
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

    private static InputStream decompress(InputStream raw, String type) throws IOException {
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
