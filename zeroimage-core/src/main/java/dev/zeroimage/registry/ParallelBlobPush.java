package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.util.BoundedParallel;

import dev.zeroimage.util.Sizes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The blob part of pushing one image, {@link BoundedParallel#TRANSFERS} requests at a time: which blobs
 * the registry has (HEADs at once), then the mounts from the base's repository in layer order (after
 * the first layer it lacks, it is not asked again), then the uploads at once. The caller hands each
 * digest once and puts the manifest only after this returns, so a tag never names a half-pushed image.
 */
final class ParallelBlobPush {
    /** A blob to push: a layer (from a file, or fetched when the file is null) or the config (in memory). */
    record Blob(Descriptor descriptor, Path file, byte[] content) {
        static Blob layer(Descriptor descriptor, Path file) {
            return new Blob(descriptor, file, null);
        }

        static Blob config(Descriptor descriptor, byte[] content) {
            return new Blob(descriptor, null, content);
        }

        boolean isLayer() {
            return content == null;
        }
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
     * @param mountFrom the base's repository on the same registry, or null; layers are mounted, and the
     *                  config when every layer was
     * @param fetcher   fetches a layer that is not on disk, or null
     */
    Counts push(String repository, List<Blob> blobs, String mountFrom, ImagePusher.BlobFetcher fetcher,
                List<String> scopes) throws IOException {
        if (blobs.isEmpty()) {
            return new Counts(0, 0, 0);
        }
        // The first question alone: it meets the registry's challenge (one 401, one token or credential
        // lookup), and the others then go out at once with what it learnt.
        List<Boolean> present = new ArrayList<>();
        present.add(client.hasBlob(repository, blobs.get(0).descriptor().digest(), scopes));
        List<BoundedParallel.Task<Boolean>> heads = new ArrayList<>();
        for (Blob blob : blobs.subList(1, blobs.size())) {
            heads.add(() -> client.hasBlob(repository, blob.descriptor().digest(), scopes));
        }
        present.addAll(BoundedParallel.run(heads, parallelism, "zeroimage-push"));
        int skipped = 0;
        int mounted = 0;
        boolean tryMount = mountFrom != null;
        List<Blob> missing = new ArrayList<>();
        for (int i = 0; i < blobs.size(); i++) {
            Blob blob = blobs.get(i);
            if (present.get(i)) {
                skipped++;
            } else if (tryMount && (blob.isLayer() || mounted > 0)
                    && client.mountBlob(repository, blob.descriptor().digest(), mountFrom, scopes)) {
                // The config too when every layer came from there: the image is there whole (the index goal).
                mounted++;
            } else {
                tryMount &= !blob.isLayer(); // only a layer the base lacks ends the run of mounts
                if (blob.isLayer() && blob.file() == null && fetcher == null) {
                    throw notAvailable(blob);
                }
                missing.add(blob);
            }
        }
        List<BoundedParallel.Task<Boolean>> uploads = new ArrayList<>();
        for (Blob blob : missing) {
            uploads.add(() -> upload(repository, blob, fetcher, scopes));
        }
        BoundedParallel.run(uploads, parallelism, "zeroimage-push");
        return new Counts(missing.size(), skipped, mounted);
    }

    private boolean upload(String repository, Blob blob, ImagePusher.BlobFetcher fetcher, List<String> scopes)
            throws IOException {
        Descriptor descriptor = blob.descriptor();
        if (!blob.isLayer()) {
            client.uploadBlob(repository, descriptor, blob.content(), scopes);
            return true;
        }
        Path file = blob.file() != null ? blob.file() : fetcher.fetch(descriptor);
        if (file == null) {
            throw notAvailable(blob);
        }
        log.accept("Uploading layer " + descriptor.digest().shortHex() + " (" + Sizes.human(descriptor.size()) + ")");
        // Hashed while it is sent: a damaged cache file fails there, naming itself (BlobUpload).
        client.uploadBlob(repository, descriptor, file, scopes);
        return true;
    }

    private ZeroImageException notAvailable(Blob blob) {
        return new ZeroImageException("Layer " + blob.descriptor().digest() + " is not available locally and the"
                + " registry " + registry + " does not have it: rebuild the image and push again");
    }
}
