package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Platform;
import dev.zeroimage.source.CachingBlobSource;
import dev.zeroimage.source.ManifestWalker;
import dev.zeroimage.util.AtomicFiles;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;

/**
 * Pulls a base image for one platform into the blob store. Tags are resolved online and remembered,
 * so an offline build finds a base it pulled before; a digest-pinned base needs no registry at all
 * once cached.
 */
public final class RegistryImagePuller {
    private final BlobStore store;
    private final RegistryOptions options;

    public RegistryImagePuller(BlobStore store, RegistryOptions options) {
        this.store = store;
        this.options = options;
    }

    public BaseImage pull(ImageReference reference, Platform platform) throws IOException {
        String name = reference.toString();
        Digest cached = cachedDigest(reference);
        RegistryClient client = options.offline() ? null
                : new RegistryClient(reference.registry(), reference.apiHost(), options);
        byte[] root;
        Digest rootDigest;
        if (client == null || (reference.digest() != null && cached != null)) {
            if (cached == null) {
                throw new ZeroImageException("The base image " + name + " is not in the cache (" + store.root()
                        + ") and offline mode is on: run the build once online, or turn offline mode off.");
            }
            root = Files.readAllBytes(store.path(cached));
            rootDigest = cached;
        } else {
            RegistryClient.ManifestResponse response = client.fetchManifest(reference.repository(),
                    reference.manifestReference());
            root = response.content();
            rootDigest = store.put(new ByteArrayInputStream(root), response.digest(), root.length,
                    "The manifest of " + name);
            rememberTag(reference, rootDigest);
        }
        // Offline, a blob missing from the cache (another platform than the one pulled before) must say
        // so, not blame an "incomplete archive" as the fetcher-less source would.
        CachingBlobSource.Fetcher fetcher = client != null
                ? (descriptor, what) -> open(client, reference, descriptor)
                : (descriptor, what) -> {
                    throw new ZeroImageException("The " + what + " is not in the cache (" + store.root()
                            + ") and offline mode is on: it was never pulled (for this platform?). Run the"
                            + " build once online, or turn offline mode off.");
                };
        CachingBlobSource source = new CachingBlobSource(store, fetcher, name + " (cache " + store.root() + ")");
        BaseImage resolved = new ManifestWalker(source, name).resolve(root, rootDigest, platform);
        return new BaseImage(name, rootDigest, resolved.config(), resolved.layers(), reference);
    }

    private static java.io.InputStream open(RegistryClient client, ImageReference reference, Descriptor descriptor)
            throws IOException {
        if (MediaType.isIndex(descriptor.mediaType()) || MediaType.isManifest(descriptor.mediaType())) {
            byte[] manifest = client.fetchManifest(reference.repository(), descriptor.digest().toString()).content();
            return new ByteArrayInputStream(manifest);
        }
        return client.openBlob(reference.repository(), descriptor);
    }

    /** The cached root manifest's digest, or null when it is not cached intact (garbage in a tag pointer is a miss). */
    private Digest cachedDigest(ImageReference reference) throws IOException {
        Digest digest = reference.digest() != null ? reference.digest()
                : reference.tag() == null ? null
                : store.readDigestRecord(store.layout().tagPointer(reference)).orElse(null);
        return digest != null && store.isIntact(digest, -1) ? digest : null;
    }

    private void rememberTag(ImageReference reference, Digest digest) throws IOException {
        if (reference.tag() != null) {
            store.writeRecord(store.layout().tagPointer(reference), digest.toString());
        }
    }
}
