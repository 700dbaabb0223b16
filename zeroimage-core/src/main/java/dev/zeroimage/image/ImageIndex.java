package dev.zeroimage.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** An OCI image index or Docker manifest list; also the shape of an OCI layout's {@code index.json}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"schemaVersion", "mediaType", "manifests", "annotations"})
public record ImageIndex(int schemaVersion, String mediaType, List<Descriptor> manifests,
                         Map<String, String> annotations) implements WellFormed {

    public ImageIndex {
        // Null entries are kept (not List.copyOf) so that requireWellFormed can name them.
        manifests = manifests == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(manifests));
    }

    @Override
    public void requireWellFormed(String what) {
        for (int i = 0; i < manifests.size(); i++) {
            Descriptor.requireWellFormed(manifests.get(i), what, "manifests[" + i + "]");
        }
    }
}
