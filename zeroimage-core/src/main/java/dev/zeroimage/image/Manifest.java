package dev.zeroimage.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An image manifest, OCI or Docker v2 schema 2 (they share the shape). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "config", "layers", "annotations"})
public record Manifest(int schemaVersion, String mediaType, Descriptor config, List<Descriptor> layers,
                       Map<String, String> annotations) implements WellFormed {

    public Manifest {
        // Null entries are kept (not List.copyOf) so that requireWellFormed can name them.
        layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
        // Kept in order: the order is part of the manifest's bytes.
        annotations = annotations == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    /** A missing config is left to the reader, which says that the manifest is not an image's. */
    @Override
    public void requireWellFormed(String what) {
        if (config != null) {
            Descriptor.requireWellFormed(config, what, "config");
        }
        for (int i = 0; i < layers.size(); i++) {
            Descriptor.requireWellFormed(layers.get(i), what, "layers[" + i + "]");
        }
    }
}
