package dev.zeroimage.cache;

import dev.zeroimage.image.Digest;
import dev.zeroimage.util.AtomicFiles;

import dev.zeroimage.ZeroImageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
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

    /**
     * Copies a blob into the store while hashing it. When {@code expected} is given, the bytes must
     * have that digest (and {@code expectedSize}, when not negative), or nothing is stored and the
     * error names {@code source}. Returns the digest the blob is stored under.
     */
    public Digest put(InputStream in, Digest expected, long expectedSize, String source) throws IOException {
        if (expected != null && contains(expected)) {
            return expected;
        }
        Path temp = newTempFile();
        boolean committed = false;
        try {
            MessageDigest sha256 = Digest.newSha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(temp)) {
                byte[] buffer = new byte[128 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha256.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                    if (expectedSize >= 0 && size > expectedSize) {
                        throw new ZeroImageException(source + " is larger than the " + expectedSize
                                + " bytes its descriptor declares: the image is corrupt or was tampered with");
                    }
                }
            }
            Digest actual = Digest.fromSha256(sha256.digest());
            if (expectedSize >= 0 && size != expectedSize) {
                throw new ZeroImageException(source + " has " + size + " bytes but its descriptor declares "
                        + expectedSize + ": the image is truncated or corrupt");
            }
            if (expected != null && !expected.equals(actual)) {
                throw new ZeroImageException(source + " does not match its digest: expected " + expected
                        + ", got " + actual + ". The image is corrupt or was tampered with; nothing was stored");
            }
            commit(temp, actual);
            committed = true;
            return actual;
        } finally {
            if (!committed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** A small named record beside the blobs (e.g. a layer cache entry), written atomically. */
    public Path metadataPath(String kind, String key) {
        return root.resolve(kind).resolve(key);
    }
}
