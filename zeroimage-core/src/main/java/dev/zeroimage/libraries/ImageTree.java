package dev.zeroimage.libraries;

import dev.zeroimage.layer.LayerContents;
import dev.zeroimage.layer.LayerEntry;
import dev.zeroimage.layer.LayerFiles;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The image as the loader will see it: the base's layers with our own layers' planned contents on
 * top (extraFiles, bundled libraries), before any of ours is written.
 */
final class ImageTree implements FileTree {
    private static final int MAX_SYMLINKS = 40;

    private final LayerFiles base;
    private final String baseName;
    /** Lowest first. */
    private final List<LayerContents> overlays;

    ImageTree(LayerFiles base, String baseName, List<LayerContents> overlays) {
        this.base = base;
        this.baseName = baseName;
        this.overlays = new ArrayList<>(overlays);
    }

    LayerFiles base() {
        return base;
    }

    /** Adds a layer on top (the bundle being planned). */
    void push(LayerContents overlay) {
        overlays.add(overlay);
    }

    private LayerEntry overlayEntry(String path) {
        for (int i = overlays.size() - 1; i >= 0; i--) {
            LayerEntry entry = overlays.get(i).get(path);
            if (entry != null) {
                return entry;
            }
        }
        return null;
    }

    @Override
    public Optional<String> regularFile(String path) throws IOException {
        String current = LayerEntry.normalize(path);
        for (int links = 0; links <= MAX_SYMLINKS; links++) {
            LayerEntry entry = overlayEntry(current);
            if (entry == null) {
                // Through a linked parent directory of the base (/lib -> usr/lib) to one of our entries.
                String parent = LayerEntry.parentOf(current);
                Optional<String> realParent = parent == null ? Optional.empty() : base.realPath(parent);
                if (realParent.isPresent() && !realParent.get().equals(parent)) {
                    String name = current.substring(current.lastIndexOf('/') + 1);
                    String moved = (realParent.get().equals("/") ? "" : realParent.get()) + "/" + name;
                    entry = overlayEntry(moved);
                    if (entry != null) {
                        current = moved;
                    }
                }
            }
            if (entry == null) {
                return base.isFile(current) ? base.realPath(current) : Optional.empty();
            }
            switch (entry.kind()) {
                case FILE:
                    return Optional.of(current);
                case DIRECTORY:
                    return Optional.empty();
                default:
                    String target = entry.linkTarget();
                    String dir = LayerEntry.parentOf(current);
                    current = LayerPaths.normalizeLoosely(target.startsWith("/") ? target : (dir.equals("/") ? "" : dir) + "/" + target);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> realPath(String path) throws IOException {
        Optional<String> file = regularFile(path);
        if (file.isPresent()) {
            return file;
        }
        String normalized = LayerEntry.normalize(path);
        LayerEntry entry = overlayEntry(normalized);
        if (entry != null && entry.kind() == LayerEntry.Kind.DIRECTORY) {
            return Optional.of(normalized);
        }
        return base.realPath(normalized);
    }

    @Override
    public Optional<byte[]> read(String path, int max) throws IOException {
        Optional<String> file = regularFile(path);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        LayerEntry entry = overlayEntry(file.get());
        if (entry != null) {
            if (entry.content() != null) {
                return Optional.of(java.util.Arrays.copyOf(entry.content(), Math.min(max, entry.content().length)));
            }
            try (InputStream in = Files.newInputStream(entry.source())) {
                return Optional.of(in.readNBytes(max));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return base.copyTo(file.get(), out, max) ? Optional.of(out.toByteArray()) : Optional.empty();
    }

    @Override
    public List<String> list(String directory) throws IOException {
        TreeSet<String> names = new TreeSet<>(base.list(directory));
        String prefix = LayerEntry.normalize(directory);
        for (LayerContents overlay : overlays) {
            for (LayerEntry entry : overlay.entries()) {
                if (prefix.equals(LayerEntry.parentOf(entry.path()))) {
                    names.add(entry.path().substring(entry.path().lastIndexOf('/') + 1));
                }
            }
        }
        return List.copyOf(names);
    }

    @Override
    public Path localFile(String realPath, Path scratch) throws IOException {
        LayerEntry entry = overlayEntry(realPath);
        if (entry != null && entry.source() != null) {
            return entry.source();
        }
        Path copy = Files.createTempFile(scratch, "lib", ".so");
        if (entry != null) {
            Files.write(copy, entry.content());
            return copy;
        }
        try (OutputStream out = Files.newOutputStream(copy)) {
            base.copyTo(realPath, out, Long.MAX_VALUE);
        }
        return copy;
    }

    @Override
    public String describe() {
        return baseName;
    }
}
