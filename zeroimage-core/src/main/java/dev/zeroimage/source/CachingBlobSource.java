package dev.zeroimage.source;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;

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
        // Small and read whole anyway: verified on every read, so a damaged one is fetched again.
        Path path = blob(descriptor, what);
        byte[] content = Files.readAllBytes(path);
        if (!"sha256".equals(descriptor.digest().algorithm()) || Digest.sha256(content).equals(descriptor.digest())) {
            return content;
        }
        Files.deleteIfExists(path);
        fetch(descriptor, what, path);
        return Files.readAllBytes(path);
    }

    @Override
    public Path blob(Descriptor descriptor, String what) throws IOException {
        Path path = store.path(descriptor.digest());
        if (!Files.isRegularFile(path)) {
            if (fetcher == null) {
                throw new ZeroImageException("The " + what + " (" + descriptor.digest() + ") is missing from " + origin
                        + ": the archive is incomplete");
            }
            fetch(descriptor, what, null);
        } else if (Files.size(path) != descriptor.size()) {
            // Only complete, verified bytes are ever renamed to a digest's name, so a wrong size is damage
            // after the fact (a power loss, a disk error) or a descriptor that lies; put() tells them apart.
            fetch(descriptor, what, path);
        }
        // The content is verified where it is read: copied into an archive, pushed.
        return path;
    }

    /** Fetches a blob into the store, replacing {@code damaged} (null: it was missing). */
    private void fetch(Descriptor descriptor, String what, Path damaged) throws IOException {
        if (fetcher == null) {
            throw new ZeroImageException("The cache file " + damaged + " holding the " + what + " of " + origin
                    + " is damaged and cannot be fetched again: delete it (or the whole cache directory "
                    + store.root() + ") and build again");
        }
        try (InputStream in = fetcher.open(descriptor, what)) {
            store.put(in, descriptor.digest(), descriptor.size(), "The " + what + " from " + origin);
        } catch (ZeroImageException e) {
            if (damaged == null) {
                throw e;
            }
            throw new ZeroImageException("The cache file " + damaged + " holding the " + what + " is damaged and"
                    + " fetching it again failed: " + e.getMessage() + " Delete it (or the whole cache directory "
                    + store.root() + ") and build again once the registry can be reached.", e);
        } catch (IOException e) {
            // A bare "EOFException" or "Connection reset" says nothing about which blob or where from.
            String message = e.getMessage();
            throw new ZeroImageException("Cannot fetch the " + what + " (" + descriptor.digest() + ") from " + origin
                    + ": " + e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message), e);
        }
    }
}
