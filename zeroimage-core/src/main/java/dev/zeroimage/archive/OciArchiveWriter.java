package dev.zeroimage.archive;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.layer.TarOutput;
import dev.zeroimage.util.AtomicFiles;
import dev.zeroimage.util.FileIdentity;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes an image as one tar that is both an OCI image layout ({@code oci-layout}, {@code index.json},
 * {@code blobs/sha256/…}) and a {@code docker save} archive (a {@code manifest.json} whose paths point
 * at the same blobs), so {@code skopeo}, {@code podman load} and {@code docker load} all read it.
 * Entries are sorted and carry fixed owners and times; the file appears atomically.
 */
public final class OciArchiveWriter {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    public static final String CONTAINERD_NAME = "io.containerd.image.name";

    /** Bump when the archive layout changes, so archives written by an older version are rewritten. */
    private static final int FORMAT = 1;

    private final Instant entryTime;

    public OciArchiveWriter(Instant entryTime) {
        this.entryTime = Instant.ofEpochSecond(entryTime.getEpochSecond());
    }

    /**
     * Writes the archive unless {@code output} is, untouched, what an earlier call wrote for the same
     * image, reference and time (its bytes depend on nothing else). Returns false when it was skipped.
     * The record of what was written lives in {@code store}, beside the blobs.
     */
    public boolean writeIfChanged(Image image, ImageReference reference, Path output, BlobStore store)
            throws IOException {
        String content = FORMAT + "|" + image.digest() + "|" + reference + "|" + entryTime.getEpochSecond();
        return writeIfChanged(content, output, store, () -> write(image, reference, output));
    }

    public void write(Image image, ImageReference reference, Path output) throws IOException {
        Map<String, byte[]> smallFiles = metadataFiles(image, reference);
        Map<String, Object> blobs = new TreeMap<>();
        addBlobs(blobs, image);
        writeTar(smallFiles, blobs, output);
    }

    /** A single image's {@code index.json} and Docker {@code manifest.json}, by file name (sorted). */
    public static Map<String, byte[]> metadataFiles(Image image, ImageReference reference) {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("index.json", Json.toBytes(index(image.manifestDescriptor(), reference)));
        files.put("manifest.json", Json.toBytes(List.of(dockerManifest(image, reference))));
        return files;
    }

    /**
     * Writes a multi-platform image like {@link #writeIfChanged(Image, ImageReference, Path, BlobStore)}.
     * The record is kept apart from a single image's by the index digest, so either kind replaces the other.
     */
    public boolean writeIfChanged(MultiPlatformImage image, ImageReference reference, Path output, BlobStore store)
            throws IOException {
        String content = FORMAT + "|index|" + image.digest() + "|" + reference + "|" + entryTime.getEpochSecond();
        return writeIfChanged(content, output, store, () -> write(image, reference, output));
    }

    /** Runs {@code write} unless the record says {@code output}, untouched, already holds {@code content}. */
    private static boolean writeIfChanged(String content, Path output, BlobStore store, ArchiveWrite write)
            throws IOException {
        Path memo = store.layout().archiveRecord(output);
        if (Files.isRegularFile(output)
                && store.readRecord(memo).filter((content + "|" + FileIdentity.of(output))::equals).isPresent()) {
            AtomicFiles.removeStaleTempFiles(output);
            return false;
        }
        write.run();
        store.writeRecord(memo, content + "|" + FileIdentity.of(output));
        return true;
    }

    @FunctionalInterface
    private interface ArchiveWrite {
        void run() throws IOException;
    }

    /**
     * An OCI layout whose {@code index.json} names the image index (or Docker manifest list); the index,
     * every manifest, config and layer are blobs, each once however many platforms share it. No Docker
     * {@code manifest.json}: {@code docker load} reads one platform only, and which one would be a guess.
     */
    public void write(MultiPlatformImage image, ImageReference reference, Path output) throws IOException {
        Map<String, byte[]> smallFiles = new TreeMap<>();
        smallFiles.put("index.json", Json.toBytes(index(image.descriptor(), reference)));
        Map<String, Object> blobs = new TreeMap<>();
        blobs.put(blobName(image.digest()), image.indexJson());
        for (Image platformImage : image.images()) {
            addBlobs(blobs, platformImage);
        }
        writeTar(smallFiles, blobs, output);
    }

    /** Config, manifest and layers by blob name; a layer already there from another platform is kept once. */
    private static void addBlobs(Map<String, Object> blobs, Image image) {
        blobs.put(blobName(image.configDescriptor().digest()), image.configJson());
        blobs.put(blobName(image.manifestDescriptor().digest()), image.manifestJson());
        for (Layer layer : image.layers()) {
            String name = blobName(layer.descriptor().digest());
            if (!(blobs.get(name) instanceof Layer known) || known.blob() == null) {
                blobs.put(name, layer);
            }
        }
    }

    private void writeTar(Map<String, byte[]> smallFiles, Map<String, Object> blobs, Path output) throws IOException {
        smallFiles.put("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(output, out -> {
            // Unbuffered: headers are few, contents come in large writes, and a verified layer is copied
            // into the temporary file in the kernel (the stream is a FileRegionSink).
            TarOutput tar = new TarOutput(out, false);
            putDirectory(tar, "blobs/");
            putDirectory(tar, "blobs/sha256/");
            for (Map.Entry<String, Object> blob : blobs.entrySet()) {
                if (blob.getValue() instanceof byte[] bytes) {
                    putFile(tar, blob.getKey(), bytes);
                } else {
                    putFile(tar, blob.getKey(), (Layer) blob.getValue());
                }
            }
            for (Map.Entry<String, byte[]> file : smallFiles.entrySet()) {
                putFile(tar, file.getKey(), file.getValue());
            }
            tar.finish();
        });
    }

    private static ImageIndex index(Descriptor root, ImageReference reference) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (reference != null) {
            annotations.put(CONTAINERD_NAME, reference.toString());
            annotations.put(REF_NAME, reference.familiarName());
        }
        Descriptor manifest = root.withAnnotations(annotations.isEmpty() ? null : annotations);
        return new ImageIndex(2, MediaType.OCI_INDEX, List.of(manifest), null);
    }

    private static Map<String, Object> dockerManifest(Image image, ImageReference reference) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("Config", blobName(image.configDescriptor().digest()));
        List<String> repoTags = new ArrayList<>();
        if (reference != null && reference.tag() != null) {
            repoTags.add(reference.withTag(reference.tag()).familiarName());
        }
        manifest.put("RepoTags", repoTags);
        manifest.put("Layers", image.layers().stream().map(layer -> blobName(layer.descriptor().digest())).toList());
        return manifest;
    }

    static String blobName(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    private void putDirectory(TarOutput tar, String name) throws IOException {
        TarArchiveEntry entry = newEntry(name, TarConstants.LF_DIR, 040755);
        tar.putEntry(entry);
        tar.closeEntry();
    }

    private void putFile(TarOutput tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = newEntry(name, TarConstants.LF_NORMAL, 0100644);
        entry.setSize(content.length);
        tar.putEntry(entry);
        tar.content().write(content);
        tar.closeEntry();
    }

    /** Copies a layer blob, verified on the way: a damaged cache file fails the write (and is removed). */
    private void putFile(TarOutput tar, String name, Layer layer) throws IOException {
        if (layer.blob() == null) {
            throw new ZeroImageException("Layer " + layer.descriptor().digest() + " is not available locally:"
                    + " it cannot be written to an archive");
        }
        TarArchiveEntry entry = newEntry(name, TarConstants.LF_NORMAL, 0100644);
        entry.setSize(layer.descriptor().size());
        tar.putEntry(entry);
        BlobStore.copyVerified(layer.blob(), layer.descriptor(), tar.content());
        tar.closeEntry();
    }

    private TarArchiveEntry newEntry(String name, byte type, int mode) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, false);
        entry.setMode(mode);
        entry.setIds(0, 0);
        entry.setUserName("");
        entry.setGroupName("");
        entry.setModTime(FileTime.from(entryTime));
        return entry;
    }
}
