package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.util.FileIdentity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * SHA-256 of files on disk, remembered by their file-system identity (path, size, modification and
 * change times, inode) as git's index does, so an unchanged 200 MB executable is not read again
 * just to learn that it is unchanged. Any write to the file changes its ctime, so a stale entry
 * cannot be hit. Public for the other readers of the same files (the SBOM), so that a file the layer
 * writer hashed is never read again just to be hashed.
 */
public final class FileDigests {
    private final BlobStore store;

    public FileDigests(BlobStore store) {
        this.store = store;
    }

    /** The SHA-256 of a file: remembered if this exact file was hashed before, else read once and remembered. */
    public Digest sha256(Path file) throws IOException {
        Path memo = memoPath(file); // before the read: a change during it must not be recorded
        Optional<Digest> known = store.readDigestRecord(memo);
        if (known.isPresent()) {
            return known.get();
        }
        MessageDigest sha = Digest.newSha256();
        byte[] buffer = new byte[256 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
        Digest digest = Digest.fromSha256(sha.digest());
        remember(memo, digest);
        return digest;
    }

    /** The digest if this exact file was hashed before, without reading it. */
    Optional<Digest> known(Path file) throws IOException {
        // A damaged memo is only a lost shortcut.
        return store.readDigestRecord(memoPath(file));
    }

    /**
     * Remembers a digest computed while the file streamed into a layer. {@code memo} must be taken
     * with {@link #memoPath} before the file was read, so a change during the read is never recorded.
     */
    void remember(Path memo, Digest digest) throws IOException {
        store.writeRecord(memo, digest.toString());
    }

    Path memoPath(Path file) throws IOException {
        return store.layout().fileDigestRecord(FileIdentity.of(file).hex());
    }
}
