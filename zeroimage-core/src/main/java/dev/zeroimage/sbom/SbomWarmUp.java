package dev.zeroimage.sbom;

import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;

import java.util.List;

/**
 * Loads and initializes the CycloneDX generator (its classes and Jackson serializers, about a quarter
 * of a second in a fresh JVM) while the layers are still being built (issue 16); the build goal runs it
 * on its warm-up thread after {@code BuildWarmUp}. The SBOM is made after the image, beside the archive
 * copy, and need then only serialize. Nothing is kept but the JVM's own state; a failure is left to the
 * real write.
 */
public final class SbomWarmUp {
    private SbomWarmUp() {
    }

    /** The warm-up itself, for a caller that runs it on a thread of its own with other warm-ups. */
    public static void warmUp() throws Exception {
        Component component = new Component();
        component.setType(Component.Type.FILE);
        component.setName("warm-up");
        component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, "0".repeat(64))));
        component.setProperties(List.of(property()));
        Bom bom = new Bom();
        bom.setMetadata(new Metadata());
        bom.setComponents(List.of(component));
        BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true);
    }

    private static Property property() {
        Property property = new Property();
        property.setName(CycloneDxWriter.PROPERTY_PREFIX + "warm-up");
        property.setValue("");
        return property;
    }
}
