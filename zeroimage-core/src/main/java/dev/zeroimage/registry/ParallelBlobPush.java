package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Layer;
import dev.zeroimage.util.BoundedParallel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The blob part of a push, {@link BoundedParallel#TRANSFERS} requests at a time: which blobs the registry
 * has (HEADs at once), then the mounts from the base's repository in layer order (after the first layer
 * it lacks, it is not asked again), then the uploads at once. Each blob is handled once however often it
 * appears; the caller puts the manifest only after this returns, so a tag never names a half-pushed image.
 */
final class ParallelBlobPush {
    /** A blob to push: a layer (from a file) or the config (in memory). */
    record Blob(Descriptor descriptor, Layer layer, byte[] content) {
    }

    /** How many blobs were uploaded, found in the registry, mounted. */
    record Counts(int uploaded, int skipped, int mounted) {
    }

    private final RegistryClient client;
    private final String registry;
    private final Consumer<String> log;
    private final int parallelism;

    ParallelBlobPush(RegistryClient client, String registry, Consumer<String> log, int parallelism) {
        this.client = client;
        this.registry = registry;
        this.log = log;
        this.parallelism = parallelism;
    }

    /**
     * @param mountFrom the base's repository on the same registry, or null; only layers are mounted
     */
    Counts push(String repository, List<Blob> blobs, String mountFrom, List<String> scopes) throws IOException {
        Map<Digest, Blob> distinct = new LinkedHashMap<>();
        for (Blob blob : blobs) {
            distinct.putIfAbsent(blob.descriptor().digest(), blob);
        }
        List<Blob> all = List.copyOf(distinct.values());
        List<BoundedParallel.Task<Boolean>> heads = new ArrayList<>();
        for (Blob blob : all) {
            heads.add(() -> client.hasBlob(repository, blob.descriptor().digest(), scopes));
        }
        List<Boolean> present = BoundedParallel.run(heads, parallelism, "zeroimage-push");
        int skipped = 0;
        int mounted = 0;
        boolean tryMount = mountFrom != null;
        List<Blob> missing = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Blob blob = all.get(i);
            if (present.get(i)) {
                skipped++;
            } else if (tryMount && blob.layer() != null
                    && client.mountBlob(repository, blob.descriptor().digest(), mountFrom, scopes)) {
                mounted++;
            } else {
                tryMount &= blob.layer() == null; // the config is never mounted: it does not end the base's run
                missing.add(blob);
            }
        }
        for (Blob blob : missing) {
            if (blob.layer() != null && blob.layer().blob() == null) {
                throw new ZeroImageException("Layer " + blob.descriptor().digest() + " is not available locally and"
                        + " the registry " + registry + " does not have it: rebuild the image and push again");
            }
        }
        List<BoundedParallel.Task<Boolean>> uploads = new ArrayList<>();
        for (Blob blob : missing) {
            uploads.add(() -> {
                Descriptor descriptor = blob.descriptor();
                if (blob.layer() == null) {
                    client.uploadBlob(repository, descriptor, blob.content(), scopes);
                } else {
                    log.accept("Uploading layer " + descriptor.digest().shortHex() + " (" + descriptor.size() + " bytes)");
                    // A damaged cache file must fail here, naming itself, not as a registry's digest error.
                    BlobStore.verify(blob.layer().blob(), descriptor);
                    client.uploadBlob(repository, descriptor, blob.layer().blob(), scopes);
                }
                return true;
            });
        }
        BoundedParallel.run(uploads, parallelism, "zeroimage-push");
        return new Counts(missing.size(), skipped, mounted);
    }
}
