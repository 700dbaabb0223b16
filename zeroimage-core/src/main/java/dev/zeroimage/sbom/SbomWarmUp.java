package dev.zeroimage.sbom;

import dev.zeroimage.util.WarmUp;
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
 * of a second in a fresh JVM) on a background thread while the layers are still being built
 * (issue 16): the SBOM is written after the image, on the build's critical path, and need then only
 * serialize. Nothing is kept but the generator's own caches; a failure is left to the real write.
 */
public final class SbomWarmUp {
    private SbomWarmUp() {
    }

    public static void start() {
        WarmUp.start("zeroimage-sbom-warm-up", SbomWarmUp::warmUp);
    }

    private static void warmUp() throws Exception {
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
