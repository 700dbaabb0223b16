package dev.zeroimage.archive;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Platform;
import dev.zeroimage.source.CachingBlobSource;
import dev.zeroimage.source.ManifestWalker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the classic {@code docker save} layout: a {@code manifest.json} naming a config file and
 * layer tars by path. Layers are kept as they are: uncompressed tars become
 * {@code application/vnd.oci.image.layer.v1.tar} layers, gzip ones stay gzip.
 */
final class DockerSaveReader {
    private final BlobStore store;
    private final String archiveName;

    DockerSaveReader(BlobStore store, String archiveName) {
        this.store = store;
        this.archiveName = archiveName;
    }

    record Entry(@JsonProperty("Config") String config, @JsonProperty("RepoTags") List<String> repoTags,
                 @JsonProperty("Layers") List<String> layers) {
    }

    /** {@code files}: the digest of the archive's file at a path (links followed), or null. */
    BaseImage read(byte[] manifestJson, Function<String, Digest> files, Platform wanted) throws IOException {
        Entry[] entries = Json.read(manifestJson, Entry[].class, "manifest.json of " + archiveName);
        if (entries.length == 0) {
            throw new ZeroImageException("The docker save archive " + archiveName + " holds no image");
        }
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < entries.length; i++) {
            Entry entry = entries[i];
            Manifest manifest = toManifest(entry, i, files);
            Path configFile = store.path(manifest.config().digest());
            String configName = "config " + entry.config() + " in " + archiveName;
            Json.requireSmall(Files.size(configFile), configName);
            ImageConfig config = Json.read(Files.readAllBytes(configFile), ImageConfig.class, configName);
            seen.add(config.os + "/" + config.architecture + (config.variant == null ? "" : "/" + config.variant));
            // A config without os or architecture (old or hand-made images) says nothing about its platform.
            if (wanted == null || config.os == null || config.architecture == null
                    || wanted.matches(config.platform()) || entries.length == 1) {
                return new ManifestWalker(new CachingBlobSource(store, null, archiveName), archiveName)
                        .fromManifest(manifest, null, wanted);
            }
        }
        throw new ZeroImageException("The base image archive " + archiveName + " has no image for " + wanted
                + ". It has: " + String.join(", ", seen));
    }

    private Manifest toManifest(Entry entry, int index, Function<String, Digest> files) throws IOException {
        if (entry == null) {
            throw Json.badField("manifest.json of " + archiveName, "[" + index + "]", "is null, not an image entry");
        }
        if (entry.config() == null || entry.layers() == null) {
            throw new ZeroImageException("manifest.json of " + archiveName + " lacks Config or Layers");
        }
        Descriptor config = descriptorOf(entry.config(), files, MediaType.DOCKER_CONFIG);
        List<Descriptor> layers = new ArrayList<>();
        for (int i = 0; i < entry.layers().size(); i++) {
            String layer = entry.layers().get(i);
            if (layer == null) {
                throw Json.badField("manifest.json of " + archiveName, "[" + index + "].Layers[" + i + "]", "is null");
            }
            layers.add(descriptorOf(layer, files, null));
        }
        return new Manifest(2, MediaType.DOCKER_MANIFEST, config, layers, null);
    }

    private Descriptor descriptorOf(String name, Function<String, Digest> files, String mediaType) throws IOException {
        String normalized = name.startsWith("./") ? name.substring(2) : name;
        Digest digest = files.apply(normalized);
        if (digest == null) {
            throw new ZeroImageException("manifest.json of " + archiveName + " names " + name
                    + ", which is not in the archive");
        }
        Path blob = store.path(digest);
        String type = mediaType != null ? mediaType : (isGzip(blob) ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_TAR);
        return new Descriptor(type, digest, Files.size(blob));
    }

    private static boolean isGzip(Path blob) throws IOException {
        try (InputStream in = Files.newInputStream(blob)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }
}
