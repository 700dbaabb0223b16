package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Digest;
import dev.zeroimage.util.AtomicFiles;
import dev.zeroimage.util.FileIdentity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        Path memo = memoPath(file);
        if (Files.isRegularFile(memo)) {
            try {
                return Optional.of(Digest.parse(Files.readString(memo, StandardCharsets.UTF_8).trim()));
            } catch (RuntimeException e) {
                // A damaged memo is only a lost shortcut.
            }
        }
        return Optional.empty();
    }

    /**
     * Remembers a digest computed while the file streamed into a layer. {@code memo} must be taken
     * with {@link #memoPath} before the file was read, so a change during the read is never recorded.
     */
    void remember(Path memo, Digest digest) throws IOException {
        AtomicFiles.write(memo, digest.toString().getBytes(StandardCharsets.UTF_8));
    }

    Path memoPath(Path file) throws IOException {
        return store.metadataPath("file-digests", FileIdentity.of(file).hex());
    }
}
