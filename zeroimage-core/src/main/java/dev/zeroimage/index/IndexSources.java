package dev.zeroimage.index;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.archive.ImageArchiveReader;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseAnnotations;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.registry.ImagePusher;
import dev.zeroimage.registry.RegistryClient;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.source.CachingBlobSource;
import dev.zeroimage.source.ManifestWalker;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads the images of the index sources, each exactly as stored (manifest and config bytes, so the
 * same digests): every image of a layout on disk, or of a registry image or index. A registry image's
 * layers are fetched only when {@code fetchLayers} is set (an archive is written); otherwise they
 * stay remote and the pusher mounts, skips or copies them.
 */
public final class IndexSources {
    /** buildx marks the attestation manifests it puts into an index this way; they are not platforms. */
    static final String REFERENCE_TYPE = ImageArchiveReader.REFERENCE_TYPE;

    private final BlobStore store;
    private final Function<ImageReference, RegistryOptions> optionsFor;
    private final Consumer<String> log;

    /** {@code optionsFor}: how to reach (and authenticate to) the registry of a source. */
    public IndexSources(BlobStore store, Function<ImageReference, RegistryOptions> optionsFor, Consumer<String> log) {
        this.store = store;
        this.optionsFor = optionsFor;
        this.log = log;
    }

    public List<SourcedImage> read(List<IndexSource> sources, boolean fetchLayers) throws IOException {
        if (sources.isEmpty()) {
            throw new ZeroImageException("No images to put into the index: set images (zeroimage.images) to the"
                    + " image tars or registry references to merge");
        }
        if (sources.stream().anyMatch(IndexSource::isRegistry)) {
            JsonWarmUp.start(); // performance hook (issue 16): Jackson starts while the first request is out
        }
        List<SourcedImage> images = new ArrayList<>();
        for (IndexSource source : sources) {
            List<SourcedImage> read = source.isRegistry() ? fromRegistry(source, fetchLayers) : fromArchive(source);
            for (SourcedImage image : read) {
                requirePlatform(image);
            }
            images.addAll(read);
        }
        return images;
    }

    private List<SourcedImage> fromArchive(IndexSource source) throws IOException {
        List<SourcedImage> images = new ArrayList<>();
        for (Image image : new ImageArchiveReader(store).loadPlatformImages(source.archive())) {
            // Base layers (of a registry base on the target's registry) can be mounted instead of uploaded.
            images.add(new SourcedImage(image, source, new ImagePusher.Origin(BaseAnnotations.mountSource(image), null)));
        }
        return images;
    }

    private List<SourcedImage> fromRegistry(IndexSource source, boolean fetchLayers) throws IOException {
        ImageReference reference = source.reference();
        RegistryOptions options = optionsFor.apply(reference);
        if (options.offline()) {
            throw new ZeroImageException("The image " + source + " (in images) is in a registry and offline mode is"
                    + " on: turn offline mode off, or give the image as a tar");
        }
        RegistryClient client = new RegistryClient(reference.registry(), reference.apiHost(), options);
        CachingBlobSource blobs = new CachingBlobSource(store, (descriptor, what) -> open(client, reference, descriptor),
                reference.toString());
        RegistryClient.ManifestResponse root = client.fetchManifest(reference.repository(),
                reference.manifestReference());
        String name = reference.toString();
        List<Descriptor> manifests = new ArrayList<>();
        String rootType = mediaTypeOf(root);
        if (MediaType.isIndex(rootType)) {
            ImageIndex index = Json.read(root.content(), ImageIndex.class, "index of " + name);
            for (Descriptor entry : index.manifests()) {
                if (entry.annotations() != null && entry.annotations().containsKey(REFERENCE_TYPE)) {
                    log.accept("Leaving out " + entry.digest().shortHex() + " of " + name + ": it is "
                            + entry.annotations().get(REFERENCE_TYPE) + ", not a platform's image");
                    continue;
                }
                if (!MediaType.isManifest(entry.mediaType())) {
                    throw new ZeroImageException("The index " + name + " (in images) lists " + entry.digest()
                            + " of media type '" + entry.mediaType() + "': only image manifests can go into an index");
                }
                manifests.add(new Descriptor(entry.mediaType(), entry.digest(), entry.size()));
            }
        } else {
            manifests.add(new Descriptor(rootType, root.digest(), root.content().length));
        }
        ImagePusher.Origin origin = ImagePusher.Origin.readFrom(reference,
                descriptor -> blobs.blob(descriptor, "layer " + descriptor.digest() + " of " + name));
        List<SourcedImage> images = new ArrayList<>();
        for (Descriptor descriptor : manifests) {
            byte[] manifestJson = descriptor.digest().equals(root.digest()) ? root.content()
                    : blobs.readJson(descriptor, "manifest " + descriptor.digest() + " of " + name);
            images.add(new SourcedImage(image(blobs, descriptor, manifestJson, name, fetchLayers), source, origin));
        }
        return images;
    }

    /** The document's own mediaType field, else what the registry said (Content-Type), else its shape. */
    private static String mediaTypeOf(RegistryClient.ManifestResponse response) {
        try {
            com.fasterxml.jackson.databind.JsonNode node = Json.mapper().readTree(response.content());
            if (node != null && node.path("mediaType").isTextual()) {
                return node.path("mediaType").asText();
            }
            if (MediaType.isIndex(response.mediaType()) || MediaType.isManifest(response.mediaType())) {
                return response.mediaType();
            }
            return node != null && node.has("manifests") ? MediaType.OCI_INDEX : MediaType.OCI_MANIFEST;
        } catch (IOException e) {
            throw new ZeroImageException("The manifest of " + response.digest() + " is not valid JSON: " + e.getMessage());
        }
    }

    private static Image image(CachingBlobSource blobs, Descriptor descriptor, byte[] manifestJson, String name,
                               boolean fetchLayers) throws IOException {
        if (!MediaType.isManifest(descriptor.mediaType())) {
            throw new ZeroImageException("The image " + name + " (in images) has a manifest of media type '"
                    + descriptor.mediaType() + "': expected an OCI or Docker v2 image manifest or index");
        }
        Manifest manifest = Json.read(manifestJson, Manifest.class, "manifest of " + name);
        if (manifest.config() == null || !MediaType.isConfig(manifest.config().mediaType())) {
            throw new ZeroImageException("The manifest " + descriptor.digest() + " of " + name + " has no image config:"
                    + " it is not a container image");
        }
        byte[] configJson = blobs.readJson(manifest.config(), "config of " + name);
        ImageConfig config = Json.read(configJson, ImageConfig.class, "config of " + name);
        List<Digest> diffIds = ManifestWalker.diffIds(config, manifest, "image " + name);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            Path blob = fetchLayers ? blobs.blob(layer, "layer " + layer.digest() + " of " + name) : null;
            layers.add(new Layer(layer, diffIds.get(i), blob));
        }
        return new Image(config, configJson, manifest.config(), manifest, manifestJson, descriptor, layers);
    }

    private static InputStream open(RegistryClient client, ImageReference reference, Descriptor descriptor)
            throws IOException {
        if (MediaType.isIndex(descriptor.mediaType()) || MediaType.isManifest(descriptor.mediaType())) {
            return new ByteArrayInputStream(client.fetchManifest(reference.repository(),
                    descriptor.digest().toString()).content());
        }
        return client.openBlob(reference.repository(), descriptor);
    }

    private static void requirePlatform(SourcedImage sourced) {
        ImageConfig config = sourced.image().config();
        if (config.os == null || config.os.isBlank() || config.architecture == null || config.architecture.isBlank()) {
            throw new ZeroImageException("The image " + sourced.image().digest() + " from " + sourced.source()
                    + " (in images) has no os/architecture in its config: an index entry needs its platform."
                    + " Rebuild it with a tool that records them (zeroimage does)");
        }
    }
}
