package dev.zeroimage.registry;

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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Pushes an OCI 1.1 artifact (an SBOM, …) that refers to an image manifest through {@code subject}.
 * A registry that does not answer {@code OCI-Subject} has no referrers API (Debian's docker-registry,
 * distribution 3.x): then the distribution-spec fallback is kept up to date, an image index of the
 * subject's referrers under the tag {@code sha256-<hex of the subject digest>}.
 *
 * <p>Pushing the same artifact again changes nothing: the blobs and the manifest have the same bytes,
 * and the fallback index is written only when it does not list the artifact yet.
 */
public final class ReferrersPusher {
    /** The empty JSON object {@code {}}, the config of artifacts that have none. */
    public static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    static final byte[] EMPTY_JSON = "{}".getBytes(StandardCharsets.UTF_8);
    public static final Descriptor EMPTY_CONFIG = new Descriptor(EMPTY_MEDIA_TYPE, Digest.sha256(EMPTY_JSON), 2);
    public static final String TITLE_ANNOTATION = "org.opencontainers.image.title";
    public static final String CREATED_ANNOTATION = "org.opencontainers.image.created";

    private final RegistryClient client;
    private final Consumer<String> log;

    public ReferrersPusher(RegistryClient client, Consumer<String> log) {
        this.client = client;
        this.log = log;
    }

    /**
     * An artifact: one layer of {@code content} with media type {@code artifactType} (as for an SBOM), a
     * file name for tools that save it ({@code org.opencontainers.image.title}), and manifest annotations.
     */
    public record Artifact(String artifactType, byte[] content, String fileName, Map<String, String> annotations) {
        public Artifact {
            annotations = annotations == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        }
    }

    /**
     * What a push did: the artifact manifest's digest, whether the registry indexes referrers itself, and
     * whether the fallback index was written (false when it already listed the artifact, or was not needed).
     */
    public record Result(Digest manifestDigest, boolean registryIndexesReferrers, boolean fallbackIndexWritten) {
    }

    /** The artifact's manifest bytes; pure, so the same inputs give the same digest. */
    public static byte[] manifest(Artifact artifact, Descriptor subject) {
        ObjectNode manifest = JsonNodeFactory.instance.objectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", MediaType.OCI_MANIFEST);
        manifest.put("artifactType", artifact.artifactType());
        manifest.set("config", descriptorNode(EMPTY_CONFIG, null));
        ArrayNode layers = manifest.putArray("layers");
        Descriptor layer = new Descriptor(artifact.artifactType(), Digest.sha256(artifact.content()),
                artifact.content().length);
        layers.add(descriptorNode(layer, artifact.fileName() == null ? null
                : Map.of(TITLE_ANNOTATION, artifact.fileName())));
        manifest.set("subject", descriptorNode(new Descriptor(subject.mediaType(), subject.digest(), subject.size()), null));
        if (!artifact.annotations().isEmpty()) {
            manifest.set("annotations", Json.mapper().valueToTree(new TreeMap<>(artifact.annotations())));
        }
        return Json.toBytes(manifest);
    }

    /** The tag of the referrers fallback index of {@code subject}. */
    public static String fallbackTag(Digest subject) {
        return subject.algorithm() + "-" + subject.hex();
    }

    public Result push(String repository, Descriptor subject, Artifact artifact) throws IOException {
        List<String> scopes = List.of(RegistryClient.pushScope(repository));
        uploadIfMissing(repository, EMPTY_CONFIG, EMPTY_JSON, scopes);
        uploadIfMissing(repository, new Descriptor(artifact.artifactType(), Digest.sha256(artifact.content()),
                artifact.content().length), artifact.content(), scopes);

        byte[] manifest = manifest(artifact, subject);
        Digest digest = Digest.sha256(manifest);
        RegistryClient.ReferrerPut put = client.putReferrerManifest(repository, digest.toString(), manifest,
                MediaType.OCI_MANIFEST, scopes);
        if (!put.digest().equals(digest)) {
            throw new ZeroImageException("Registry " + client.registry() + " stored the " + artifact.artifactType()
                    + " manifest of " + repository + " as " + put.digest() + ", not " + digest + ": it rewrote the manifest");
        }
        if (put.subjectIndexed()) {
            log.accept("Pushed " + artifact.artifactType() + " " + digest.shortHex() + " as a referrer of "
                    + subject.digest().shortHex());
            return new Result(digest, true, false);
        }
        boolean written = addToFallbackIndex(repository, subject.digest(),
                new Descriptor(MediaType.OCI_MANIFEST, digest, manifest.length), artifact, scopes);
        log.accept("Pushed " + artifact.artifactType() + " " + digest.shortHex() + " as a referrer of "
                + subject.digest().shortHex() + (written ? " (listed in the tag " : " (already listed in the tag ")
                + fallbackTag(subject.digest()) + ")");
        return new Result(digest, false, written);
    }

    private boolean addToFallbackIndex(String repository, Digest subject, Descriptor referrer, Artifact artifact,
                                       List<String> scopes) throws IOException {
        String tag = fallbackTag(subject);
        Optional<RegistryClient.ManifestResponse> existing = client.findManifest(repository, tag, scopes);
        ObjectNode index;
        if (existing.isPresent()) {
            index = existingIndex(existing.get(), repository, tag);
            for (JsonNode entry : index.path("manifests")) {
                if (referrer.digest().toString().equals(entry.path("digest").asText())) {
                    return false;
                }
            }
        } else {
            index = JsonNodeFactory.instance.objectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", MediaType.OCI_INDEX);
            index.putArray("manifests");
        }
        ObjectNode entry = descriptorNode(referrer, null);
        entry.put("artifactType", artifact.artifactType());
        if (!artifact.annotations().isEmpty()) {
            entry.set("annotations", Json.mapper().valueToTree(new TreeMap<>(artifact.annotations())));
        }
        ((ArrayNode) index.get("manifests")).add(entry);
        client.putManifest(repository, tag, Json.toBytes(index), MediaType.OCI_INDEX, scopes);
        return true;
    }

    private ObjectNode existingIndex(RegistryClient.ManifestResponse response, String repository, String tag) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(response.content());
        } catch (IOException e) {
            node = null;
        }
        if (!(node instanceof ObjectNode object) || !node.path("manifests").isArray()
                || !MediaType.OCI_INDEX.equals(node.path("mediaType").asText(MediaType.OCI_INDEX))) {
            throw new ZeroImageException("The tag " + client.registry() + "/" + repository + ":" + tag + " is not an"
                    + " OCI image index, but it is where the referrers of an image are listed (distribution-spec"
                    + " 1.1 fallback): delete that tag and push again");
        }
        return object;
    }

    private void uploadIfMissing(String repository, Descriptor descriptor, byte[] content, List<String> scopes)
            throws IOException {
        if (!client.hasBlob(repository, descriptor.digest(), scopes)) {
            client.uploadBlob(repository, descriptor, content, scopes);
        }
    }

    private static ObjectNode descriptorNode(Descriptor descriptor, Map<String, String> annotations) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("mediaType", descriptor.mediaType());
        node.put("digest", descriptor.digest().toString());
        node.put("size", descriptor.size());
        if (annotations != null && !annotations.isEmpty()) {
            node.set("annotations", Json.mapper().valueToTree(new TreeMap<>(annotations)));
        }
        return node;
    }
}
