package dev.zeroimage.signing;

import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;

import java.nio.charset.StandardCharsets;

/**
 * The payload cosign signs for a container image: the "simple signing" JSON of containers/image with
 * {@code critical.type} {@code cosign container image signature}. Written byte for byte as cosign writes
 * it (its key order, no spaces, {@code "optional":null}), since the signature covers these exact bytes.
 */
public final class SimpleSigningPayload {
    public static final String TYPE = "cosign container image signature";
    public static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";

    private SimpleSigningPayload() {
    }

    /**
     * @param repository the image's repository, registry included: the identity cosign checks
     * @param manifestDigest the digest of the signed manifest or index
     */
    public static byte[] of(ImageReference repository, Digest manifestDigest) {
        String json = "{\"critical\":{\"identity\":{\"docker-reference\":" + quote(dockerReference(repository))
                + "},\"image\":{\"docker-manifest-digest\":" + quote(manifestDigest.toString())
                + "},\"type\":" + quote(TYPE) + "},\"optional\":null}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The repository as go-containerregistry names it, which is what cosign puts in the payload:
     * Docker Hub is {@code index.docker.io}.
     */
    public static String dockerReference(ImageReference reference) {
        String registry = reference.registry().equals(ImageReference.DOCKER_HUB) ? "index.docker.io" : reference.registry();
        return registry + "/" + reference.repository();
    }

    /** Registry names and repositories hold no characters JSON must escape, but stay safe anyway. */
    private static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
