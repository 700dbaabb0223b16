package dev.zeroimage.source;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Platform;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks from an index or manifest to one platform's config and layers, fetching and verifying each
 * blob through a {@link BlobSource}. The same walk serves archives and registries.
 */
public final class ManifestWalker {
    private static final int MAX_INDEX_DEPTH = 3;

    private final BlobSource source;
    private final String baseName;

    public ManifestWalker(BlobSource source, String baseName) {
        this.source = source;
        this.baseName = baseName;
    }

    /** Resolves the JSON document {@code json} (index or manifest, whose digest is {@code digest}). */
    public BaseImage resolve(byte[] json, Digest digest, Platform wanted) throws IOException {
        return resolve(json, digest, wanted, 0);
    }

    private BaseImage resolve(byte[] json, Digest digest, Platform wanted, int depth) throws IOException {
        String mediaType = mediaTypeOf(json);
        if (MediaType.isIndex(mediaType)) {
            if (depth >= MAX_INDEX_DEPTH) {
                throw new ZeroImageException("The base image " + baseName + " nests indexes too deeply");
            }
            ImageIndex index = Json.read(json, ImageIndex.class, "index of base image " + baseName);
            Descriptor chosen = PlatformSelector.select(index, wanted, baseName);
            byte[] child = source.readJson(chosen, "manifest " + chosen.digest() + " of base image " + baseName);
            return resolve(child, chosen.digest(), wanted, depth + 1);
        }
        if (!MediaType.isManifest(mediaType)) {
            throw new ZeroImageException("The base image " + baseName + " has a manifest of unknown media type '"
                    + mediaType + "': expected an OCI or Docker v2 image manifest or index");
        }
        Manifest manifest = Json.read(json, Manifest.class, "manifest of base image " + baseName);
        return fromManifest(manifest, digest, wanted);
    }

    /** Resolves an already parsed manifest (a legacy docker-save archive has no manifest blob). */
    public BaseImage fromManifest(Manifest manifest, Digest digest, Platform wanted) throws IOException {
        Descriptor configDescriptor = manifest.config();
        if (configDescriptor == null || !MediaType.isConfig(configDescriptor.mediaType())) {
            throw new ZeroImageException("The base image " + baseName + " has a config of unknown media type '"
                    + (configDescriptor == null ? null : configDescriptor.mediaType())
                    + "': it is not a container image (an artifact, a Helm chart?)");
        }
        ImageConfig config = Json.read(source.readJson(configDescriptor, "config of base image " + baseName),
                ImageConfig.class, "config of base image " + baseName);
        if (wanted != null && config.os != null && config.architecture != null && !wanted.matches(config.platform())) {
            throw new ZeroImageException("The base image " + baseName + " is for " + config.platform()
                    + ", not " + wanted + ": choose a base for " + wanted + " or another platform");
        }
        List<Digest> diffIds = diffIds(config, manifest, "base image " + baseName);
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            if (!MediaType.isLayer(layer.mediaType())) {
                throw new ZeroImageException("The base image " + baseName + " has a layer of unknown media type '"
                        + layer.mediaType() + "' (" + layer.digest() + ")");
            }
            requireDiffIdOfUncompressed(layer, diffIds.get(i), "base image " + baseName);
        }
        // Performance hook (issue 16): every check passed, the missing layers are fetched a few at a time.
        LayerPrefetch.fetch(source, manifest.layers(), "base image " + baseName);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            layers.add(new Layer(layer, diffIds.get(i), source.blob(layer, "layer " + layer.digest()
                    + " of base image " + baseName)));
        }
        return new BaseImage(baseName, digest, config, layers);
    }

    /**
     * The config's diff_ids, one per layer of the manifest, in order: a count that differs, or a
     * missing or null entry, is an error naming {@code image} ("base image alpine:3.20").
     */
    public static List<Digest> diffIds(ImageConfig config, Manifest manifest, String image) {
        if (config.rootfs != null && config.rootfs.diffIds == null && !manifest.layers().isEmpty()) {
            throw new ZeroImageException("The config of the " + image + " has no rootfs.diff_ids, but its manifest"
                    + " lists " + manifest.layers().size() + " layers");
        }
        List<Digest> diffIds = config.rootfs == null || config.rootfs.diffIds == null ? List.of() : config.rootfs.diffIds;
        if (diffIds.size() != manifest.layers().size()) {
            throw new ZeroImageException("The " + image + " is inconsistent: its manifest lists "
                    + manifest.layers().size() + " layers but its config " + diffIds.size() + " diff_ids");
        }
        for (int i = 0; i < diffIds.size(); i++) {
            if (diffIds.get(i) == null) {
                throw new ZeroImageException("The config of the " + image + " has a null rootfs.diff_ids[" + i + "]");
            }
        }
        return diffIds;
    }

    /**
     * An uncompressed layer's digest is its diff_id: checked here as it costs nothing (the blob's
     * digest was verified on import), so such a layer is never emitted under a wrong diff_id.
     */
    public static void requireDiffIdOfUncompressed(Descriptor layer, Digest diffId, String image) {
        if (MediaType.OCI_LAYER_TAR.equals(layer.mediaType()) && !layer.digest().equals(diffId)) {
            throw new ZeroImageException("The " + image + " has an uncompressed layer " + layer.digest()
                    + " whose diff_id in the config is " + diffId + ": for an uncompressed layer they must be the"
                    + " same. The image is corrupt or was tampered with");
        }
    }

    private String mediaTypeOf(byte[] json) {
        Json.requireSmall(json.length, "manifest of base image " + baseName);
        JsonNode node;
        try {
            node = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new ZeroImageException("The manifest of base image " + baseName + " is not valid JSON: "
                    + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new ZeroImageException("The manifest of base image " + baseName + " is not a JSON object");
        }
        JsonNode type = node.get("mediaType");
        if (type != null && type.isTextual()) {
            return type.asText();
        }
        // mediaType is optional in OCI documents: tell them apart by shape.
        if (node.has("manifests")) {
            return MediaType.OCI_INDEX;
        }
        if (node.has("config") && node.has("layers")) {
            return MediaType.OCI_MANIFEST;
        }
        return "(none)";
    }
}
