package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.util.BoundedParallel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pushes an image: blobs first (skipping what the registry has, mounting base layers from the base's
 * repository on the same registry), the manifest last, so a failed push never leaves a tag pointing
 * at a half-pushed image.
 */
public final class ImagePusher {
    private final RegistryOptions options;
    private final Consumer<String> log;

    public ImagePusher(RegistryOptions options, Consumer<String> log) {
        this.options = options;
        this.log = log;
    }

    /** What a push did: the manifest digest the registry returned, the references written, blob counts. */
    public record Result(Digest digest, List<String> references, int uploaded, int skipped, int mounted) {
    }

    /**
     * @param mountFrom the base image, when its layers may be mounted instead of uploaded (same registry)
     */
    public Result push(Image image, ImageReference target, List<String> extraTags, ImageReference mountFrom)
            throws IOException {
        RegistryClient client = new RegistryClient(target.registry(), target.apiHost(), options);
        String repository = target.repository();
        boolean canMount = mountFrom != null && mountFrom.registry().equals(target.registry())
                && !mountFrom.repository().equals(repository);
        List<String> scopes = canMount
                ? List.of(RegistryClient.pushScope(repository), RegistryClient.pullScope(mountFrom.repository()))
                : List.of(RegistryClient.pushScope(repository));

        // Performance hook (issue 16): HEADs, mounts and uploads a few at a time; the manifest stays last.
        List<ParallelBlobPush.Blob> blobs = new ArrayList<>();
        for (Layer layer : image.layers()) {
            blobs.add(new ParallelBlobPush.Blob(layer.descriptor(), layer, null));
        }
        blobs.add(new ParallelBlobPush.Blob(image.configDescriptor(), null, image.configJson()));
        ParallelBlobPush.Counts counts = new ParallelBlobPush(client, target.registry(), log, BoundedParallel.TRANSFERS)
                .push(repository, blobs, canMount ? mountFrom.repository() : null, scopes);
        int uploaded = counts.uploaded();
        int skipped = counts.skipped();
        int mounted = counts.mounted();

        Set<String> tags = new LinkedHashSet<>();
        if (target.tag() != null) {
            tags.add(target.tag());
        }
        for (String tag : extraTags) {
            if (tag != null && !tag.isBlank()) {
                tags.add(ImageReference.parse(target.registry() + "/" + repository + ":" + tag.trim()).tag());
            }
        }
        Digest pushed = null;
        List<String> references = new ArrayList<>();
        if (tags.isEmpty()) {
            pushed = client.putManifest(repository, image.digest().toString(), image.manifestJson(),
                    image.manifestDescriptor().mediaType(), scopes);
            references.add(target.withDigest(pushed).toString());
        }
        for (String tag : tags) {
            Digest returned = client.putManifest(repository, tag, image.manifestJson(),
                    image.manifestDescriptor().mediaType(), scopes);
            if (!returned.equals(image.digest())) {
                throw new ZeroImageException("Registry " + target.registry() + " stored the manifest of " + repository
                        + ":" + tag + " as " + returned + ", not " + image.digest() + ": it rewrote the manifest");
            }
            pushed = returned;
            references.add(target.withTag(tag).toString());
        }
        return new Result(pushed, references, uploaded, skipped, mounted);
    }
}
