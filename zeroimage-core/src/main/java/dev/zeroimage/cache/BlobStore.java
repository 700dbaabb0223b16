package dev.zeroimage.cache;

import dev.zeroimage.image.Digest;
import dev.zeroimage.util.AtomicFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A content-addressed directory of blobs ({@code blobs/sha256/<hex>}), shared by builds. A blob
 * appears under its name only once complete and verified (written to {@code tmp/}, then renamed),
 * so parallel builds can share one store and a crash never leaves a corrupt blob behind.
 */
public final class BlobStore {
    private final Path root;

    public BlobStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path path(Digest digest) {
        return root.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** A fresh temporary file on the same file system as the blobs, so {@link #commit} is a rename. */
    public Path newTempFile() throws IOException {
        Path tmp = root.resolve("tmp");
        Files.createDirectories(tmp);
        return Files.createTempFile(tmp, "blob-", ".part");
    }

    /** Moves a complete, verified temporary file into place under its digest. */
    public Path commit(Path tempFile, Digest digest) throws IOException {
        Path target = path(digest);
        Files.createDirectories(target.getParent());
        if (Files.isRegularFile(target)) {
            Files.deleteIfExists(tempFile);
        } else {
            AtomicFiles.moveIntoPlace(tempFile, target);
        }
        return target;
    }

    /** A small named record beside the blobs (e.g. a layer cache entry), written atomically. */
    public Path metadataPath(String kind, String key) {
        return root.resolve(kind).resolve(key);
    }
}
