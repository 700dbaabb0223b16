package dev.zeroimage.layer;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.ImagePath;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One file system entry of a layer: where it goes in the image, what it is, and its owner and mode.
 * Times are not part of an entry: a layer stamps every entry with the same instant, for reproducibility.
 *
 * @param path    absolute, normalised path in the image ({@code /usr/bin/app})
 * @param source  the file to copy, for a {@link Kind#FILE} read from disk
 * @param content the bytes, for a {@link Kind#FILE} generated in memory (small files only)
 */
public record LayerEntry(String path, Kind kind, Path source, byte[] content, String linkTarget,
                         int mode, int uid, int gid) {

    public enum Kind { FILE, DIRECTORY, SYMLINK }

    public LayerEntry {
        path = normalize(path);
        content = content == null ? null : content.clone();
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.FILE && (source == null) == (content == null)) {
            throw new IllegalArgumentException("A file entry needs exactly one of source and content: " + path);
        }
        if (kind == Kind.SYMLINK && (linkTarget == null || linkTarget.isEmpty())) {
            throw new IllegalArgumentException("A symlink entry needs a target: " + path);
        }
        if ((mode & ~07777) != 0) {
            throw new ZeroImageException("Invalid mode " + Integer.toOctalString(mode) + " for " + path
                    + ": expected permission bits such as 0755 or 0644");
        }
    }

    /** A copy: an entry's bytes cannot change after its layer's digest is taken. */
    @Override
    public byte[] content() {
        return content == null ? null : content.clone();
    }

    public static LayerEntry file(String path, Path source, int mode) {
        return new LayerEntry(path, Kind.FILE, source, null, null, mode, 0, 0);
    }

    public static LayerEntry content(String path, byte[] content, int mode) {
        return new LayerEntry(path, Kind.FILE, null, content, null, mode, 0, 0);
    }

    public static LayerEntry directory(String path, int mode) {
        return new LayerEntry(path, Kind.DIRECTORY, null, null, null, mode, 0, 0);
    }

    public static LayerEntry symlink(String path, String target) {
        return new LayerEntry(path, Kind.SYMLINK, null, null, target, 0777, 0, 0);
    }

    public LayerEntry ownedBy(int newUid, int newGid) {
        return new LayerEntry(path, kind, source, content, linkTarget, mode, newUid, newGid);
    }

    /** The parent directory's path, or null for the root. */
    public static String parentOf(String normalizedPath) {
        int slash = normalizedPath.lastIndexOf('/');
        return slash <= 0 ? (normalizedPath.equals("/") ? null : "/") : normalizedPath.substring(0, slash);
    }

    /** Makes {@code path} absolute and normalised ({@link ImagePath}); rejects {@code .} and {@code ..}. */
    public static String normalize(String path) {
        return ImagePath.of(path).value();
    }
}
