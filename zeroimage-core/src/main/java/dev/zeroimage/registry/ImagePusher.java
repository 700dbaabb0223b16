package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.util.BoundedParallel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Pushes an image: blobs first (skipping what the registry has, mounting base layers from the base's
 * repository on the same registry), the manifest last, so a failed push never leaves a tag pointing
 * at a half-pushed image. A multi-platform image pushes every platform's blobs (each digest once),
 * then each platform's manifest by digest, then the index under the tags.
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

    /** Fetches a blob that is not on disk (an image read from another registry) into the local store. */
    @FunctionalInterface
    public interface BlobFetcher {
        Path fetch(Descriptor descriptor) throws IOException;
    }

    /**
     * Where one image's blobs may come from besides the local disk: a repository to mount them from
     * (used only on the target's registry) and a fetcher for a blob that is neither local nor mountable.
     * Either may be null.
     */
    public record Origin(ImageReference mountFrom, BlobFetcher fetcher, boolean wholeImage) {
        public static final Origin NONE = new Origin(null, null);

        public Origin(ImageReference mountFrom, BlobFetcher fetcher) {
            this(mountFrom, fetcher, false);
        }

        /**
         * An image read from {@code repository} (its manifest, config and layers are all there, as the
         * registry served them): pushed into that same repository, nothing of it needs asking or sending.
         */
        public static Origin readFrom(ImageReference repository, BlobFetcher fetcher) {
            return new Origin(repository, fetcher, true);
        }
    }

    /**
     * @param mountFrom the base image, when its layers may be mounted instead of uploaded (same registry)
     */
    public Result push(Image image, ImageReference target, List<String> extraTags, ImageReference mountFrom)
            throws IOException {
        Origin origin = new Origin(mountFrom, null);
        Target to = open(target, List.of(origin));
        Counts counts = new Counts();
        pushBlobs(to, image, origin, new HashSet<>(), counts);
        return pushTagged(to, image.manifestJson(), image.manifestDescriptor(), extraTags, counts);
    }

    /** A multi-platform push; every platform may mount from {@code mountFrom} (the base image). */
    public Result push(MultiPlatformImage image, ImageReference target, List<String> extraTags,
                       ImageReference mountFrom) throws IOException {
        Origin origin = new Origin(mountFrom, null);
        return push(image, target, extraTags, image.images().stream().map(any -> origin).toList());
    }

    /**
     * A multi-platform push with one {@link Origin} per image (in the index's order): what the
     * {@code index} goal uses for images that stay in registries.
     */
    public Result push(MultiPlatformImage image, ImageReference target, List<String> extraTags,
                       List<Origin> origins) throws IOException {
        if (origins.size() != image.images().size()) {
            throw new IllegalArgumentException(origins.size() + " origins for " + image.images().size() + " images");
        }
        Target to = open(target, origins);
        Counts counts = new Counts();
        Set<Digest> done = new HashSet<>();
        // Performance (issue 16): an image read from the target repository itself is there whole (the
        // registry served its manifest from it), so its blobs are neither asked for nor sent, and its
        // manifest is not put again; blobs it shares with the other images count as there too.
        for (int i = 0; i < image.images().size(); i++) {
            if (inTargetRepository(origins.get(i), target)) {
                Image stored = image.images().get(i);
                for (Layer layer : stored.layers()) {
                    counts.skipped += done.add(layer.descriptor().digest()) ? 1 : 0;
                }
                counts.skipped += done.add(stored.configDescriptor().digest()) ? 1 : 0;
            }
        }
        for (int i = 0; i < image.images().size(); i++) {
            if (!inTargetRepository(origins.get(i), target)) {
                pushBlobs(to, image.images().get(i), origins.get(i), done, counts);
            }
        }
        for (int i = 0; i < image.images().size(); i++) {
            Image platformImage = image.images().get(i);
            if (inTargetRepository(origins.get(i), target)) {
                continue;
            }
            Digest digest = platformImage.digest();
            Digest returned = to.client.putManifest(to.repository, digest.toString(), platformImage.manifestJson(),
                    platformImage.manifestDescriptor().mediaType(), to.scopes);
            requireSame(to, digest.toString(), returned, digest);
        }
        return pushTagged(to, image.indexJson(), image.descriptor(), extraTags, counts);
    }

    private record Target(ImageReference reference, String repository, RegistryClient client, List<String> scopes) {
    }

    private static final class Counts {
        int uploaded;
        int skipped;
        int mounted;
    }

    private Target open(ImageReference target, List<Origin> origins) throws IOException {
        RegistryClient client = new RegistryClient(target.registry(), target.apiHost(), options);
        String repository = target.repository();
        Set<String> scopes = new LinkedHashSet<>();
        scopes.add(RegistryClient.pushScope(repository));
        for (Origin origin : origins) {
            if (canMount(origin, target)) {
                scopes.add(RegistryClient.pullScope(origin.mountFrom().repository()));
            }
        }
        return new Target(target, repository, client, List.copyOf(scopes));
    }

    private static boolean inTargetRepository(Origin origin, ImageReference target) {
        ImageReference from = origin.mountFrom();
        return origin.wholeImage() && from != null && from.registry().equals(target.registry())
                && from.repository().equals(target.repository());
    }

    private static boolean canMount(Origin origin, ImageReference target) {
        ImageReference from = origin.mountFrom();
        return from != null && from.registry().equals(target.registry())
                && !from.repository().equals(target.repository());
    }

    /**
     * The blobs of one image (layers, then config), each digest at most once per push ({@code done}).
     * Both push paths go through here. Performance hook (issue 16): {@link ParallelBlobPush} asks,
     * mounts and uploads them a few at a time; every manifest is put only after this returns.
     */
    private void pushBlobs(Target to, Image image, Origin origin, Set<Digest> done, Counts counts)
            throws IOException {
        List<ParallelBlobPush.Blob> blobs = new ArrayList<>();
        for (Layer layer : image.layers()) {
            if (done.add(layer.descriptor().digest())) {
                blobs.add(ParallelBlobPush.Blob.layer(layer.descriptor(), layer.blob()));
            }
        }
        if (done.add(image.configDescriptor().digest())) {
            blobs.add(ParallelBlobPush.Blob.config(image.configDescriptor(), image.configJson()));
        }
        ParallelBlobPush.Counts pushed = new ParallelBlobPush(to.client, to.reference.registry(), log,
                BoundedParallel.TRANSFERS).push(to.repository, blobs,
                canMount(origin, to.reference) ? origin.mountFrom().repository() : null, origin.fetcher(), to.scopes);
        counts.uploaded += pushed.uploaded();
        counts.skipped += pushed.skipped();
        counts.mounted += pushed.mounted();
    }

    /** Puts the top manifest (or index) under each tag, or by digest when there is no tag. */
    private Result pushTagged(Target to, byte[] json, Descriptor descriptor, List<String> extraTags, Counts counts)
            throws IOException {
        ImageReference target = to.reference;
        Set<String> tags = new LinkedHashSet<>();
        if (target.tag() != null) {
            tags.add(target.tag());
        }
        for (String tag : extraTags) {
            if (tag != null && !tag.isBlank()) {
                tags.add(ImageReference.parse(target.registry() + "/" + to.repository + ":" + tag.trim()).tag());
            }
        }
        Digest pushed = null;
        List<String> references = new ArrayList<>();
        if (tags.isEmpty()) {
            pushed = to.client.putManifest(to.repository, descriptor.digest().toString(), json,
                    descriptor.mediaType(), to.scopes);
            references.add(target.withDigest(pushed).toString());
        }
        for (String tag : tags) {
            Digest returned = to.client.putManifest(to.repository, tag, json, descriptor.mediaType(), to.scopes);
            requireSame(to, tag, returned, descriptor.digest());
            pushed = returned;
            references.add(target.withTag(tag).toString());
        }
        return new Result(pushed, references, counts.uploaded, counts.skipped, counts.mounted);
    }

    private static void requireSame(Target to, String reference, Digest returned, Digest expected) {
        if (!Objects.equals(returned, expected)) {
            String separator = reference.startsWith("sha256:") ? "@" : ":";
            throw new ZeroImageException("Registry " + to.reference.registry() + " stored the manifest of "
                    + to.repository + separator + reference + " as " + returned + ", not " + expected
                    + ": it rewrote the manifest");
        }
    }
}
