package dev.zeroimage.layer;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.util.FileKind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The entries of one layer, kept sorted by path so the tar is the same whatever order they were added
 * in. Missing parent directories are added as root-owned 0755 directories, as {@code COPY} does.
 */
public final class LayerContents {
    private static final int DEFAULT_DIRECTORY_MODE = 0755;

    private final TreeMap<String, LayerEntry> entries = new TreeMap<>();
    /** Parents we added ourselves; an explicit entry for the same path replaces them. */
    private final Set<String> implicitDirectories = new HashSet<>();

    public LayerContents add(LayerEntry entry) {
        if (entry.path().equals("/")) {
            return this;
        }
        addParents(entry.path());
        LayerEntry existing = entries.get(entry.path());
        boolean bothDirectories = existing != null && existing.kind() == LayerEntry.Kind.DIRECTORY
                && entry.kind() == LayerEntry.Kind.DIRECTORY;
        if (existing != null && !bothDirectories) {
            throw new ZeroImageException("Two entries are added at the same path " + entry.path()
                    + " in the image (a " + describe(existing) + " and a " + describe(entry)
                    + "): remove one of them from the configuration");
        }
        implicitDirectories.remove(entry.path());
        entries.put(entry.path(), entry);
        return this;
    }

    private static String describe(LayerEntry entry) {
        return entry.kind().name().toLowerCase();
    }

    /**
     * Adds a directory tree from disk under {@code targetDirectory}, in sorted order. Files get
     * {@code fileMode}, or 0755 when the source is executable and 0644 otherwise; symlinks stay symlinks.
     */
    public LayerContents addTree(Path sourceDirectory, String targetDirectory, Integer fileMode) {
        String target = LayerEntry.normalize(targetDirectory);
        add(LayerEntry.directory(target, DEFAULT_DIRECTORY_MODE));
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(sourceDirectory)) {
            paths = new ArrayList<>(walk.filter(p -> !p.equals(sourceDirectory)).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the directory " + sourceDirectory, e);
        }
        for (Path path : paths) {
            String relative = sourceDirectory.relativize(path).toString().replace('\\', '/');
            String imagePath = (target.equals("/") ? "" : target) + "/" + relative;
            add(entryFor(path, imagePath, fileMode));
        }
        return this;
    }

    private static LayerEntry entryFor(Path path, String imagePath, Integer fileMode) {
        try {
            if (Files.isSymbolicLink(path)) {
                return LayerEntry.symlink(imagePath, Files.readSymbolicLink(path).toString());
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                return LayerEntry.directory(imagePath, DEFAULT_DIRECTORY_MODE);
            }
            if (FileKind.isSpecial(path)) {
                // Reading a FIFO or a device would block the build forever or never end.
                throw new ZeroImageException("extraFiles: " + path + " is " + FileKind.describe(path) + ", which"
                        + " cannot be put into an image: remove it from the source directory (only regular files,"
                        + " directories and symbolic links are copied)");
            }
            int mode = fileMode != null ? fileMode : (Files.isExecutable(path) ? 0755 : 0644);
            return LayerEntry.file(imagePath, path, mode);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path, e);
        }
    }

    private void addParents(String path) {
        for (String parent = LayerEntry.parentOf(path); parent != null && !parent.equals("/");
             parent = LayerEntry.parentOf(parent)) {
            LayerEntry existing = entries.get(parent);
            if (existing == null) {
                entries.put(parent, LayerEntry.directory(parent, DEFAULT_DIRECTORY_MODE));
                implicitDirectories.add(parent);
            } else if (existing.kind() != LayerEntry.Kind.DIRECTORY) {
                throw new ZeroImageException("Cannot add " + path + " to the image: its parent " + parent
                        + " is a " + existing.kind().name().toLowerCase() + ", not a directory");
            }
        }
    }

    public Collection<LayerEntry> entries() {
        return entries.values();
    }

    public LayerEntry get(String path) {
        return entries.get(LayerEntry.normalize(path));
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
