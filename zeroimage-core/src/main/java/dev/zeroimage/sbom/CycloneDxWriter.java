package dev.zeroimage.sbom;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.util.AtomicFiles;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Dependency;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Writes a CycloneDX 1.6 JSON SBOM for one image. The same {@link SbomInput} always gives the same
 * bytes: the timestamp is the image's creation time, the serial number is derived from the manifest
 * digest, and components, dependencies and properties come in a fixed order (by kind, then by
 * {@code bom-ref}).
 */
public final class CycloneDxWriter {
    /** The media type of the document, also the {@code artifactType} of its OCI referrer. */
    public static final String MEDIA_TYPE = "application/vnd.cyclonedx+json";

    static final String PROPERTY_PREFIX = "dev.zeroimage:";
    /** Fixed namespace of the name-based serial numbers (a random UUID chosen once). */
    private static final UUID SERIAL_NAMESPACE = UUID.fromString("0b6c4d2e-64f1-4b7e-9a57-8f1f3e2a9c10");

    private CycloneDxWriter() {
    }

    /** The document as UTF-8 JSON, pretty-printed, ending with a newline. */
    public static byte[] toJson(SbomInput input) {
        Bom bom = toBom(input);
        try {
            String json = BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString(true);
            return (json + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (GeneratorException e) {
            throw new IllegalStateException("Cannot write the SBOM of " + input.image().reference(), e);
        }
    }

    /** Writes the document to {@code target} atomically. */
    public static void write(SbomInput input, Path target) throws IOException {
        AtomicFiles.write(target, toJson(input));
    }

    /** {@code urn:uuid:} of a name-based (version 5) UUID of the manifest digest. */
    public static String serialNumber(Digest manifestDigest) {
        return "urn:uuid:" + nameUuid(manifestDigest.toString());
    }

    static Bom toBom(SbomInput input) {
        SbomInput.Subject subject = input.image();
        Component image = imageComponent(subject, input.base());

        List<Component> baseComponents = sorted(baseComponents(input.base()));
        Component executable = fileComponent(Component.Type.APPLICATION, input.executable());
        List<Component> libraries = sorted(input.libraries().stream().map(CycloneDxWriter::libraryComponent).toList());
        List<Component> files = sorted(input.extraFiles().stream()
                .map(file -> fileComponent(Component.Type.FILE, file)).toList());
        List<Component> maven = sorted(input.dependencies().stream().map(CycloneDxWriter::mavenComponent).toList());

        Map<String, Component> byRef = new LinkedHashMap<>();
        for (List<Component> group : List.of(baseComponents, List.of(executable), libraries, files, maven)) {
            for (Component component : group) {
                if (byRef.putIfAbsent(component.getBomRef(), component) != null) {
                    throw new ZeroImageException("The SBOM of " + subject.reference() + " would list "
                            + component.getBomRef() + " twice: each image path and Maven artifact may appear once");
                }
            }
        }
        // GraalVM's own list: what is not already there by bom-ref or purl.
        List<Component> nativeComponents = new ArrayList<>();
        if (input.nativeImageSbom() != null) {
            List<String> purls = byRef.values().stream().map(Component::getPurl).filter(p -> p != null).toList();
            for (Component component : sorted(NativeImageSbom.components(input.nativeImageSbom()))) {
                if (!byRef.containsKey(component.getBomRef()) && !purls.contains(component.getPurl())) {
                    byRef.put(component.getBomRef(), component);
                    nativeComponents.add(component);
                }
            }
        }

        Metadata metadata = new Metadata();
        metadata.setTimestamp(Date.from(subject.creationTime()));
        ToolInformation tools = new ToolInformation();
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setGroup("dev.zeroimage");
        tool.setName("zeroimage");
        tool.setVersion(input.toolVersion());
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);
        metadata.setComponent(image);

        Bom bom = new Bom();
        bom.setSerialNumber(serialNumber(subject.manifestDigest()));
        bom.setVersion(1);
        bom.setMetadata(metadata);
        bom.setComponents(new ArrayList<>(byRef.values()));

        List<Dependency> dependencies = new ArrayList<>();
        Dependency imageDependency = new Dependency(image.getBomRef());
        for (Component component : byRef.values()) {
            if (!maven.contains(component) && !nativeComponents.contains(component)) {
                imageDependency.addDependency(new Dependency(component.getBomRef()));
            }
        }
        dependencies.add(imageDependency);
        Dependency executableDependency = new Dependency(executable.getBomRef());
        for (Component component : maven) {
            executableDependency.addDependency(new Dependency(component.getBomRef()));
        }
        for (Component component : nativeComponents) {
            executableDependency.addDependency(new Dependency(component.getBomRef()));
        }
        dependencies.add(executableDependency);
        for (Component component : byRef.values()) {
            if (component != executable) {
                dependencies.add(new Dependency(component.getBomRef()));
            }
        }
        bom.setDependencies(dependencies);
        return bom;
    }

    private static Component imageComponent(SbomInput.Subject subject, SbomInput.Base base) {
        ImageReference reference = subject.reference();
        Component image = new Component();
        image.setType(Component.Type.CONTAINER);
        String purl = Purls.oci(reference, subject.manifestDigest());
        image.setBomRef(purl);
        image.setName(reference.registry() + "/" + reference.repository());
        image.setVersion(reference.tag() != null ? reference.tag() : subject.manifestDigest().toString());
        image.setPurl(purl);
        image.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, subject.manifestDigest().hex())));
        Map<String, String> properties = new TreeMap<>();
        properties.put("platform", subject.platform().toString());
        properties.put("manifest-digest", subject.manifestDigest().toString());
        properties.put("base", base == null ? "scratch" : base.reference());
        image.setProperties(properties(properties));
        return image;
    }

    private static List<Component> baseComponents(SbomInput.Base base) {
        List<Component> components = new ArrayList<>();
        if (base == null) {
            return components;
        }
        if (base.digest() != null) {
            Component component = new Component();
            component.setType(Component.Type.CONTAINER);
            component.setName(base.reference());
            component.setVersion(base.digest().toString());
            component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, base.digest().hex())));
            String purl = basePurl(base);
            component.setPurl(purl);
            component.setBomRef(purl != null ? purl : "base:" + base.reference() + "@" + base.digest());
            component.setProperties(properties(Map.of("role", "base")));
            components.add(component);
        }
        for (SbomInput.DebianPackage debianPackage : base.packages()) {
            Component component = debianComponent(debianPackage);
            component.setBomRef(component.getPurl());
            component.setProperties(properties(Map.of("role", "base")));
            components.add(component);
        }
        return components;
    }

    /** The base's purl when its reference names a registry image, else null (an archive file). */
    private static String basePurl(SbomInput.Base base) {
        try {
            return Purls.oci(ImageReference.parse(base.reference()), base.digest());
        } catch (ZeroImageException e) {
            return null;
        }
    }

    private static Component debianComponent(SbomInput.DebianPackage debianPackage) {
        Component component = new Component();
        component.setType(Component.Type.LIBRARY);
        component.setName(debianPackage.name());
        component.setVersion(debianPackage.version());
        component.setPurl(Purls.debian(debianPackage));
        return component;
    }

    private static Component fileComponent(Component.Type type, SbomInput.FileItem file) {
        Component component = new Component();
        component.setType(type);
        component.setBomRef("file:" + file.path());
        component.setName(file.path());
        component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, file.sha256().hex())));
        component.setProperties(properties(Map.of("path", file.path())));
        return component;
    }

    private static Component libraryComponent(SbomInput.BundledLibrary library) {
        Component component;
        if (library.debianPackage() != null) {
            component = debianComponent(library.debianPackage());
        } else {
            component = new Component();
            component.setType(Component.Type.LIBRARY);
            component.setName(library.path().substring(library.path().lastIndexOf('/') + 1));
        }
        // One package may bring several bundled files: the path keeps each reference unique.
        component.setBomRef("file:" + library.path());
        component.setHashes(List.of(new Hash(Hash.Algorithm.SHA_256, library.sha256().hex())));
        component.setProperties(properties(Map.of("path", library.path(), "role", "bundled-library")));
        return component;
    }

    private static Component mavenComponent(SbomInput.MavenDependency dependency) {
        Component component = new Component();
        component.setType(Component.Type.LIBRARY);
        component.setGroup(dependency.groupId());
        component.setName(dependency.artifactId());
        component.setVersion(dependency.version());
        component.setScope(Component.Scope.REQUIRED);
        String purl = Purls.maven(dependency);
        component.setPurl(purl);
        component.setBomRef(purl);
        List<Hash> hashes = new ArrayList<>();
        dependency.hashes().forEach((algorithm, hex) -> hashes.add(new Hash(algorithm, hex)));
        if (!hashes.isEmpty()) {
            component.setHashes(hashes);
        }
        if (dependency.scope() != null) {
            component.setProperties(properties(Map.of("maven:scope", dependency.scope())));
        }
        return component;
    }

    private static List<Property> properties(Map<String, String> values) {
        List<Property> properties = new ArrayList<>();
        new TreeMap<>(values).forEach((name, value) -> properties.add(new Property(PROPERTY_PREFIX + name, value)));
        return properties;
    }

    private static List<Component> sorted(List<Component> components) {
        List<Component> copy = new ArrayList<>(components);
        copy.sort(Comparator.comparing(Component::getBomRef));
        return copy;
    }

    /** RFC 4122 name-based UUID, version 5 (SHA-1). */
    private static UUID nameUuid(String name) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every JVM", e);
        }
        ByteBuffer namespace = ByteBuffer.allocate(16)
                .putLong(SERIAL_NAMESPACE.getMostSignificantBits())
                .putLong(SERIAL_NAMESPACE.getLeastSignificantBits());
        sha1.update(namespace.array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }
}
