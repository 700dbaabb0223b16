package dev.zeroimage.source;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Serves blobs from the local store, fetching missing ones through a {@link Fetcher} (a registry,
 * a layout directory). What is fetched is verified while it streams into the store.
 */
public final class CachingBlobSource implements BlobSource {

    /** Opens the raw bytes of a blob that is not in the store yet. */
    @FunctionalInterface
    public interface Fetcher {
        InputStream open(Descriptor descriptor, String what) throws IOException;
    }

    private final BlobStore store;
    private final Fetcher fetcher;
    private final String origin;

    /** {@code fetcher} null: every blob must already be in the store (an imported archive). */
    public CachingBlobSource(BlobStore store, Fetcher fetcher, String origin) {
        this.store = store;
        this.fetcher = fetcher;
        this.origin = origin;
    }

    @Override
    public byte[] readJson(Descriptor descriptor, String what) throws IOException {
        if (descriptor.size() > MAX_JSON_SIZE) {
            throw new ZeroImageException("The " + what + " declares " + descriptor.size()
                    + " bytes, more than a manifest or config can reasonably have: refusing to read it");
        }
        return Files.readAllBytes(blob(descriptor, what));
    }

    @Override
    public Path blob(Descriptor descriptor, String what) throws IOException {
        Path path = store.path(descriptor.digest());
        if (Files.isRegularFile(path)) {
            if (Files.size(path) != descriptor.size()) {
                throw new ZeroImageException("The " + what + " has " + Files.size(path) + " bytes but its descriptor"
                        + " in " + origin + " declares " + descriptor.size() + ": the image is corrupt");
            }
            return path;
        }
        if (fetcher == null) {
            throw new ZeroImageException("The " + what + " (" + descriptor.digest() + ") is missing from " + origin
                    + ": the archive is incomplete");
        }
        try (InputStream in = fetcher.open(descriptor, what)) {
            store.put(in, descriptor.digest(), descriptor.size(), "The " + what + " from " + origin);
        }
        return path;
    }
}
