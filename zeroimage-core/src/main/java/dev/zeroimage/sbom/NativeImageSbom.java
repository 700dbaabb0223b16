package dev.zeroimage.sbom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Json;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the components of the CycloneDX SBOM that GraalVM's {@code native-image --enable-sbom=export}
 * writes beside the executable ({@code <executable>.sbom.json}). Only what identifies a component is
 * taken (type, group, name, version, purl, hashes), so a newer CycloneDX version there cannot break
 * our document; nested components are flattened.
 */
public final class NativeImageSbom {
    private static final long MAX_SIZE = 64L * 1024 * 1024;

    private NativeImageSbom() {
    }

    /** The file GraalVM writes for {@code executable}, whether or not it exists. */
    public static Path besideExecutable(Path executable) {
        return executable.resolveSibling(executable.getFileName() + ".sbom.json");
    }

    /** That file when it exists, else null. */
    public static Path find(Path executable) {
        Path file = besideExecutable(executable);
        return Files.isRegularFile(file) ? file : null;
    }

    static List<Component> components(Path file) {
        JsonNode root;
        try {
            if (Files.size(file) > MAX_SIZE) {
                throw new ZeroImageException("The native-image SBOM " + file + " is larger than " + MAX_SIZE
                        + " bytes: remove it or rebuild the executable");
            }
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read the native-image SBOM " + file + ": " + e.getMessage()
                    + ". Rebuild the executable with --enable-sbom=export, or delete the file", e);
        }
        if (root == null || !"CycloneDX".equals(root.path("bomFormat").asText())) {
            throw new ZeroImageException("The native-image SBOM " + file + " is not a CycloneDX JSON document"
                    + " (no \"bomFormat\": \"CycloneDX\"): rebuild the executable with --enable-sbom=export, or delete the file");
        }
        List<Component> components = new ArrayList<>();
        collect(root.path("components"), components, file);
        return components;
    }

    private static void collect(JsonNode array, List<Component> out, Path file) {
        for (JsonNode node : array) {
            String name = text(node, "name");
            if (name != null) {
                out.add(component(node, name, file));
            }
            collect(node.path("components"), out, file);
        }
    }

    private static Component component(JsonNode node, String name, Path file) {
        Component component = new Component();
        component.setType(type(text(node, "type")));
        component.setGroup(text(node, "group"));
        component.setName(name);
        component.setVersion(text(node, "version"));
        String purl = text(node, "purl");
        component.setPurl(purl);
        List<Hash> hashes = new ArrayList<>();
        for (JsonNode hash : node.path("hashes")) {
            String algorithm = text(hash, "alg");
            String content = text(hash, "content");
            if (algorithm != null && content != null && knownAlgorithm(algorithm)) {
                hashes.add(new Hash(Hash.Algorithm.fromSpec(algorithm), content.toLowerCase(Locale.ROOT)));
            }
        }
        if (!hashes.isEmpty()) {
            component.setHashes(hashes);
        }
        String reference = purl != null ? purl
                : "native-image:" + (component.getGroup() == null ? "" : component.getGroup() + ":") + name
                + (component.getVersion() == null ? "" : "@" + component.getVersion());
        component.setBomRef(reference);
        return component;
    }

    private static boolean knownAlgorithm(String spec) {
        for (Hash.Algorithm algorithm : Hash.Algorithm.values()) {
            if (algorithm.getSpec().equalsIgnoreCase(spec)) {
                return true;
            }
        }
        return false;
    }

    private static Component.Type type(String value) {
        if (value != null) {
            for (Component.Type type : Component.Type.values()) {
                if (type.getTypeName().equals(value)) {
                    return type;
                }
            }
        }
        return Component.Type.LIBRARY;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
    }
}
