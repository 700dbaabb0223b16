package dev.zeroimage.base;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.zeroimage.base.BaseFromFixtures.JSON;
import static dev.zeroimage.base.BaseFromFixtures.OCI_CONFIG;
import static dev.zeroimage.base.BaseFromFixtures.OCI_INDEX;
import static dev.zeroimage.base.BaseFromFixtures.OCI_MANIFEST;
import static dev.zeroimage.base.BaseFromFixtures.descriptor;
import static dev.zeroimage.base.BaseFromFixtures.sha256;
import static dev.zeroimage.base.BaseFromFixtures.writeBlob;

/**
 * Hand-made base images whose every document the test can spoil before it is written: an OCI
 * layout directory (or tar of one) and a legacy {@code docker save} tar, from the JDK alone.
 */
final class HostileBases {
    static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";

    private HostileBases() {
    }

    /** One layer: its blob as stored, media type and the diff_id the config claims. */
    record LayerBlob(byte[] blob, String mediaType, String diffId) {
        static LayerBlob gzip(byte[] tar) throws IOException {
            return new LayerBlob(BaseFromFixtures.gzip(tar), BaseFromFixtures.OCI_LAYER_GZIP, sha256(tar));
        }

        static LayerBlob uncompressed(byte[] tar) {
            return new LayerBlob(tar, OCI_LAYER_TAR, sha256(tar));
        }

        LayerBlob withDiffId(String newDiffId) {
            return new LayerBlob(blob, mediaType, newDiffId);
        }
    }

    /** The documents of a one-image layout, editable before {@link #write}. */
    static final class Layout {
        final List<LayerBlob> layers;
        final ObjectNode config = JSON.createObjectNode();

        Layout(List<LayerBlob> layers) {
            this.layers = layers;
            config.put("architecture", "amd64").put("os", "linux");
            config.putObject("config").putArray("Env").add("PATH=/usr/bin:/bin");
            ObjectNode rootfs = config.putObject("rootfs").put("type", "layers");
            ArrayNode diffIds = rootfs.putArray("diff_ids");
            layers.forEach(layer -> diffIds.add(layer.diffId()));
        }

        /** Writes blobs, config, manifest and index.json; {@code manifestEdit} may spoil the manifest first. */
        Path write(Path dir, java.util.function.Consumer<ObjectNode> manifestEdit,
                   java.util.function.Consumer<ObjectNode> indexEdit) throws IOException {
            Files.createDirectories(dir.resolve("blobs/sha256"));
            Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
            ArrayNode layerDescriptors = JSON.createArrayNode();
            for (LayerBlob layer : layers) {
                layerDescriptors.add(descriptor(layer.mediaType(), writeBlob(dir, layer.blob()), layer.blob().length));
            }
            byte[] configBytes = JSON.writeValueAsBytes(config);
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("schemaVersion", 2).put("mediaType", OCI_MANIFEST);
            manifest.set("config", descriptor(OCI_CONFIG, writeBlob(dir, configBytes), configBytes.length));
            manifest.set("layers", layerDescriptors);
            manifestEdit.accept(manifest);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2).put("mediaType", OCI_INDEX);
            ObjectNode entry = descriptor(OCI_MANIFEST, writeBlob(dir, manifestBytes), manifestBytes.length);
            entry.putObject("platform").put("architecture", "amd64").put("os", "linux");
            index.putArray("manifests").add(entry);
            indexEdit.accept(index);
            Files.write(dir.resolve("index.json"), JSON.writeValueAsBytes(index));
            return dir;
        }

        Path write(Path dir) throws IOException {
            return write(dir, manifest -> { }, index -> { });
        }
    }

    static Layout layout(LayerBlob... layers) {
        return new Layout(new ArrayList<>(List.of(layers)));
    }

    /** A tar of the directory's regular files (sorted, relative names), as an OCI layout tar. */
    static Path tarDirectory(Path dir, Path archive) throws IOException {
        try (OutputStream out = Files.newOutputStream(archive);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
             Stream<Path> files = Files.walk(dir)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                file(tar, dir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        return archive;
    }

    // ------------------------------------------------------------------ docker save

    /** A legacy docker save tar under construction: entries in order, then manifest.json. */
    static final class DockerSave {
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private final Map<String, String[]> links = new LinkedHashMap<>();
        final ObjectNode config = JSON.createObjectNode();
        final List<String> layerNames = new ArrayList<>();

        DockerSave() {
            config.put("architecture", "amd64").put("os", "linux");
            config.putObject("config").putArray("Env").add("PATH=/bin");
            config.putObject("rootfs").put("type", "layers").putArray("diff_ids");
        }

        /** A layer tar stored at {@code <id>/layer.tar}; its diff_id goes into the config. */
        DockerSave layer(String id, byte[] tar) {
            files.put(id + "/layer.tar", tar);
            return listedLayer(id + "/layer.tar", sha256(tar));
        }

        /** {@code name} is a symbolic ({@code hard} false) or hard link to {@code target}, listed as a layer. */
        DockerSave linkedLayer(String name, String target, boolean hard, String diffId) {
            links.put(name, new String[] {target, hard ? "hard" : "symbolic"});
            return listedLayer(name, diffId);
        }

        DockerSave listedLayer(String name, String diffId) {
            layerNames.add(name);
            ((ArrayNode) config.path("rootfs").path("diff_ids")).add(diffId);
            return this;
        }

        byte[] manifestJson(String configName) throws IOException {
            ArrayNode manifest = JSON.createArrayNode();
            ObjectNode entry = manifest.addObject();
            entry.put("Config", configName);
            entry.putArray("RepoTags").add("base:1");
            ArrayNode layers = entry.putArray("Layers");
            layerNames.forEach(layers::add);
            return JSON.writeValueAsBytes(manifest);
        }

        Path write(Path archive) throws IOException {
            return write(archive, null);
        }

        /** {@code manifestJson}: the manifest.json bytes to write instead of the one made from the entries. */
        Path write(Path archive, byte[] manifestJson) throws IOException {
            byte[] configBytes = JSON.writeValueAsBytes(config);
            String configName = sha256(configBytes).substring(7) + ".json";
            try (OutputStream out = Files.newOutputStream(archive);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    file(tar, file.getKey(), file.getValue());
                }
                for (Map.Entry<String, String[]> link : links.entrySet()) {
                    link(tar, link.getKey(), link.getValue()[0], link.getValue()[1].equals("hard"));
                }
                file(tar, configName, configBytes);
                file(tar, "manifest.json", manifestJson != null ? manifestJson : manifestJson(configName));
            }
            return archive;
        }
    }

    // ------------------------------------------------------------------ tar entries

    static void file(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, true);
        entry.setSize(content.length);
        entry.setMode(0100644);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, String target, boolean hard) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, hard ? TarArchiveEntry.LF_LINK : TarArchiveEntry.LF_SYMLINK,
                true);
        entry.setLinkName(target);
        entry.setMode(hard ? 0100644 : 0120777);
        entry.setModTime(0);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    /** A layer tar: {@code etc/passwd} with {@code passwd}, plus the entries {@code more} adds. */
    static byte[] passwdLayer(String passwd) throws IOException {
        return layerTar(tar -> file(tar, "etc/passwd", passwd.getBytes(StandardCharsets.UTF_8)));
    }

    @FunctionalInterface
    interface TarContent {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static byte[] layerTar(TarContent content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            content.write(tar);
        }
        return bytes.toByteArray();
    }
}
