package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.util.FileIdentity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * SHA-256 of files on disk, remembered by their file-system identity (path, size, modification and
 * change times, inode) as git's index does, so an unchanged 200 MB executable is not read again
 * just to learn that it is unchanged. Any write to the file changes its ctime, so a stale entry
 * cannot be hit.
 */
final class FileDigests {
    private final BlobStore store;

    FileDigests(BlobStore store) {
        this.store = store;
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
