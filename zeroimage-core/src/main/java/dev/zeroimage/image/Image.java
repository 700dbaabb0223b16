package dev.zeroimage.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A complete single-platform image: config and manifest as the exact bytes their digests are taken
 * of, and the layers in order (base layers first). A value: the config and the bytes are copied in
 * and out, so nothing can change them once the digests are computed.
 */
public record Image(ImageConfig config, byte[] configJson, Descriptor configDescriptor,
                    Manifest manifest, byte[] manifestJson, Descriptor manifestDescriptor,
                    List<Layer> layers) {

    public Image {
        config = copyOf(config);
        configJson = configJson.clone();
        manifestJson = manifestJson.clone();
        layers = List.copyOf(layers);
    }

    /** A copy of the config (the mutable JSON mirror); the image keeps its own. */
    @Override
    public ImageConfig config() {
        return copyOf(config);
    }

    @Override
    public byte[] configJson() {
        return configJson.clone();
    }

    @Override
    public byte[] manifestJson() {
        return manifestJson.clone();
    }

    /** Serialises config and manifest; layer media types are set to {@code format}'s. */
    public static Image assemble(ImageConfig config, List<Layer> layers, Map<String, String> annotations,
                                 ImageFormat format) {
        byte[] configJson = Json.toBytes(config);
        Descriptor configDescriptor = new Descriptor(format.configMediaType(), Digest.sha256(configJson),
                configJson.length);
        List<Layer> typedLayers = new ArrayList<>();
        for (Layer layer : layers) {
            Descriptor descriptor = layer.descriptor()
                    .withMediaType(format.layerMediaType(layer.descriptor().mediaType()));
            typedLayers.add(new Layer(descriptor, layer.diffId(), layer.blob()));
        }
        Manifest manifest = new Manifest(2, format.manifestMediaType(), configDescriptor,
                typedLayers.stream().map(Layer::descriptor).toList(),
                format == ImageFormat.OCI ? annotations : null);
        byte[] manifestJson = Json.toBytes(manifest);
        Descriptor manifestDescriptor = new Descriptor(format.manifestMediaType(), Digest.sha256(manifestJson),
                manifestJson.length);
        return new Image(config, configJson, configDescriptor, manifest, manifestJson, manifestDescriptor,
                List.copyOf(typedLayers));
    }

    public Platform platform() {
        return config.platform();
    }

    /** A deep copy, held to what a read config must be (no null list entries), as the JSON round trip it replaced was. */
    private static ImageConfig copyOf(ImageConfig config) {
        if (config == null) {
            return null;
        }
        config.requireWellFormed("image config");
        return config.copy();
    }

    public Digest digest() {
        return manifestDescriptor.digest();
    }

    /** Sum of the compressed sizes of config, manifest and layers: what a pull transfers. */
    public long compressedSize() {
        return configDescriptor.size() + manifestDescriptor.size()
                + layers.stream().mapToLong(layer -> layer.descriptor().size()).sum();
    }
}
