package dev.zeroimage.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.MediaType;

import java.io.IOException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The manifest cosign keeps its signatures of a manifest in, under the tag {@code sha256-<hex>.sig}:
 * an OCI image manifest whose layers are simple-signing payloads, each with its base64 signature in
 * the annotation {@code dev.cosignproject.cosign/signature}, and whose config is the one
 * go-containerregistry writes for such an image (no platform, zero times, one diff ID per layer).
 *
 * <p>Signing again adds a layer and keeps the others (other keys' signatures), unless this key has
 * already signed the same payload: then nothing changes.
 */
public final class SignatureManifest {
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    /**
     * What to push: the manifest and its config blob ({@code changed} false when the existing manifest
     * already holds this key's signature of the payload; then {@code manifest} is the existing one).
     */
    public record Result(byte[] manifest, Descriptor config, byte[] configJson, Descriptor payloadLayer,
                         boolean changed) {
    }

    private SignatureManifest() {
    }

    /** The tag cosign stores the signatures of {@code digest} under. */
    public static String tag(Digest digest) {
        return digest.algorithm() + "-" + digest.hex() + ".sig";
    }

    /**
     * @param existing  the manifest now under the signature tag, or null when there is none
     * @param where     names that tag in messages ({@code registry/repository:sha256-….sig})
     */
    public static Result build(byte[] existing, byte[] payload, byte[] signature, PublicKey key, String where) {
        Digest payloadDigest = Digest.sha256(payload);
        ArrayNode layers = JsonNodeFactory.instance.arrayNode();
        JsonNode annotations = null;
        if (existing != null) {
            JsonNode manifest = parse(existing, where);
            annotations = manifest.get("annotations");
            for (JsonNode layer : manifest.path("layers")) {
                if (isSameSignature(layer, payloadDigest, payload, key)) {
                    JsonNode config = manifest.path("config");
                    return new Result(existing, new Descriptor(config.path("mediaType").asText(),
                            Digest.parse(config.path("digest").asText()), config.path("size").asLong()),
                            null, descriptor(layer), false);
                }
                layers.add(layer);
            }
        }
        ObjectNode layer = JsonNodeFactory.instance.objectNode();
        layer.put("mediaType", SimpleSigningPayload.MEDIA_TYPE);
        layer.put("size", payload.length);
        layer.put("digest", payloadDigest.toString());
        layer.putObject("annotations").put(SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(signature));
        layers.add(layer);

        byte[] configJson = config(layers);
        Descriptor config = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(configJson), configJson.length);
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaType.OCI_MANIFEST);
        ObjectNode configNode = manifest.putObject("config");
        configNode.put("mediaType", config.mediaType());
        configNode.put("size", config.size());
        configNode.put("digest", config.digest().toString());
        manifest.set("layers", layers);
        if (annotations != null && annotations.isObject() && !annotations.isEmpty()) {
            manifest.set("annotations", annotations);
        }
        return new Result(Json.toBytes(manifest), config, configJson, descriptor(layer), true);
    }

    /** The signatures (payload layer and base64 signature) a signature manifest holds, in order. */
    public static List<Map.Entry<Descriptor, String>> signatures(byte[] manifest, String where) {
        List<Map.Entry<Descriptor, String>> out = new ArrayList<>();
        for (JsonNode layer : parse(manifest, where).path("layers")) {
            out.add(Map.entry(descriptor(layer), layer.path("annotations").path(SIGNATURE_ANNOTATION).asText("")));
        }
        return out;
    }

    private static JsonNode parse(byte[] manifest, String where) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(manifest);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.path("layers").isArray() || !node.path("config").isObject()
                || !MediaType.isManifest(node.path("mediaType").asText(MediaType.OCI_MANIFEST))) {
            throw new ZeroImageException("The tag " + where + " holds something other than a cosign signature"
                    + " manifest: delete that tag (it is where cosign keeps signatures) and push again");
        }
        return node;
    }

    private static boolean isSameSignature(JsonNode layer, Digest payloadDigest, byte[] payload, PublicKey key) {
        if (!payloadDigest.toString().equals(layer.path("digest").asText())) {
            return false;
        }
        String base64 = layer.path("annotations").path(SIGNATURE_ANNOTATION).asText("");
        try {
            return SigningKey.verify(key, payload, Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Descriptor descriptor(JsonNode layer) {
        return new Descriptor(layer.path("mediaType").asText(), Digest.parse(layer.path("digest").asText()),
                layer.path("size").asLong());
    }

    /** go-containerregistry's config of an empty image with these layers appended, in its field order. */
    private static byte[] config(ArrayNode layers) {
        ObjectNode config = JsonNodeFactory.instance.objectNode();
        config.put("architecture", "");
        config.put("created", ZERO_TIME);
        ArrayNode history = config.putArray("history");
        ObjectNode rootfs = JsonNodeFactory.instance.objectNode();
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        for (JsonNode layer : layers) {
            history.addObject().put("created", ZERO_TIME);
            diffIds.add(layer.path("digest").asText());
        }
        config.put("os", "");
        config.set("rootfs", rootfs);
        config.putObject("config");
        return Json.toBytes(config);
    }
}
