package dev.zeroimage.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;

/** An OCI content descriptor: what a blob is, its digest and size, and optionally its platform. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"mediaType", "digest", "size", "platform", "annotations"})
public record Descriptor(String mediaType, Digest digest, long size, Platform platform,
                         Map<String, String> annotations) {

    /** Checks the descriptor found at {@code field} (such as {@code layers[2]}) of the document {@code what}. */
    public static void requireWellFormed(Descriptor descriptor, String what, String field) {
        if (descriptor == null) {
            throw Json.badField(what, field, "is null, not a descriptor");
        }
        if (descriptor.digest() == null) {
            throw Json.badField(what, field + ".digest", "is missing or null");
        }
        if (descriptor.size() < 0) {
            throw Json.badField(what, field + ".size", "is negative (" + descriptor.size() + ")");
        }
    }

    public Descriptor(String mediaType, Digest digest, long size) {
        this(mediaType, digest, size, null, null);
    }

    public Descriptor withMediaType(String newMediaType) {
        return new Descriptor(newMediaType, digest, size, platform, annotations);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, platform, newAnnotations);
    }
}
