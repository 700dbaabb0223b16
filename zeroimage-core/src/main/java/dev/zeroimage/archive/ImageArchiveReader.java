package dev.zeroimage.archive;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.Platform;
import dev.zeroimage.source.CachingBlobSource;
import dev.zeroimage.source.ManifestWalker;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a base image from disk: an OCI image-layout tar ({@code skopeo copy … oci-archive:}), an OCI
 * image-layout directory, or a {@code docker save} tar. The format is detected. Blobs are verified as
 * they are copied into the store; entry names that could escape a directory are refused.
 */
public final class ImageArchiveReader {
    private static final Pattern BLOB_NAME = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]+)");
    private static final long MAX_METADATA_SIZE = 8L * 1024 * 1024;
    /** The tar record size; entry data is padded to it, and an archive ends with zero records. */
    private static final int RECORD = 512;

    private final BlobStore store;

    public ImageArchiveReader(BlobStore store) {
        this.store = store;
    }

    public BaseImage read(Path archive, Platform wanted) throws IOException {
        String name = archive.toString();
        if (Files.isDirectory(archive)) {
            return readLayoutDirectory(archive, wanted, name);
        }
        if (!Files.isRegularFile(archive)) {
            throw new ZeroImageException("The base image archive " + archive + " (fromArchive) does not exist");
        }
        ArchiveContents contents = importTar(archive);
        if (contents.metadata.containsKey("index.json")) {
            byte[] index = contents.metadata.get("index.json");
            return new ManifestWalker(new CachingBlobSource(store, null, name), name)
                    .resolve(index, null, wanted);
        }
        if (contents.metadata.containsKey("manifest.json")) {
            return new DockerSaveReader(store, name).read(contents.metadata.get("manifest.json"), contents.files, wanted);
        }
        throw new ZeroImageException("The base image archive " + archive + " is neither an OCI image layout"
                + " (no index.json) nor a docker save archive (no manifest.json)");
    }

    /**
     * Loads a single-image archive exactly as written (same manifest bytes, so the same digest), for
     * pushing an image that an earlier build step wrote.
     */
    public Image loadImage(Path archive) throws IOException {
        String name = archive.toString();
        ArchiveContents contents = importTar(archive);
        byte[] indexJson = contents.metadata.get("index.json");
        if (indexJson == null) {
            throw new ZeroImageException(archive + " is not an OCI image layout archive (no index.json)");
        }
        ImageIndex index = Json.read(indexJson, ImageIndex.class, "index.json of " + name);
        if (index.manifests().size() != 1 || !MediaType.isManifest(index.manifests().get(0).mediaType())) {
            throw new ZeroImageException(archive + " must hold exactly one image manifest to be pushed");
        }
        Descriptor manifestDescriptor = index.manifests().get(0).withAnnotations(null);
        CachingBlobSource source = new CachingBlobSource(store, null, name);
        byte[] manifestJson = source.readJson(manifestDescriptor, "manifest");
        Manifest manifest = Json.read(manifestJson, Manifest.class, "manifest in " + name);
        byte[] configJson = source.readJson(manifest.config(), "config");
        ImageConfig config = Json.read(configJson, ImageConfig.class, "config in " + name);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            layers.add(new Layer(layer, config.rootfs.diffIds.get(i), source.blob(layer, "layer " + layer.digest())));
        }
        return new Image(config, configJson, manifest.config(), manifest, manifestJson, manifestDescriptor, layers);
    }

    private BaseImage readLayoutDirectory(Path directory, Platform wanted, String name) throws IOException {
        Path index = directory.resolve("index.json");
        if (!Files.isRegularFile(index)) {
            throw new ZeroImageException("The directory " + directory + " (fromArchive) is not an OCI image"
                    + " layout: it has no index.json");
        }
        CachingBlobSource source = new CachingBlobSource(store, (descriptor, what) -> {
            Path blob = directory.resolve("blobs").resolve(descriptor.digest().algorithm())
                    .resolve(descriptor.digest().hex());
            if (!Files.isRegularFile(blob)) {
                throw new ZeroImageException("The " + what + " is missing from " + directory + " (" + blob + ")");
            }
            return Files.newInputStream(blob);
        }, name);
        return new ManifestWalker(source, name).resolve(Files.readAllBytes(index), null, wanted);
    }

    /** What one pass over the tar found: small metadata files by name, other files by their digest. */
    static final class ArchiveContents {
        final Map<String, byte[]> metadata = new HashMap<>();
        final Map<String, Digest> files = new HashMap<>();
    }

    private ArchiveContents importTar(Path archive) throws IOException {
        ArchiveContents contents = new ArchiveContents();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             CountingInputStream counted = new CountingInputStream(maybeGunzip(raw));
             TarArchiveInputStream tar = new TarArchiveInputStream(counted)) {
            TarArchiveEntry entry;
            // Where the data of the last entry ends; -1 once that cannot be told (a sparse entry).
            long endOfEntries = 0;
            while ((entry = tar.getNextEntry()) != null) {
                endOfEntries = entry.isSparse() || endOfEntries < 0 ? -1
                        : counted.count() + (entry.getSize() + RECORD - 1) / RECORD * RECORD;
                String entryName = safeName(entry.getName(), archive);
                if (!entry.isFile()) {
                    continue;
                }
                Matcher blob = BLOB_NAME.matcher(entryName);
                if (blob.matches()) {
                    Digest digest = new Digest(blob.group(1), blob.group(2));
                    store.put(tar, digest, entry.getSize(), "Blob " + entryName + " in " + archive);
                    contents.files.put(entryName, digest);
                } else if (!entryName.contains("/") && entryName.endsWith(".json") && !isLegacyConfig(entryName)) {
                    if (entry.getSize() > MAX_METADATA_SIZE) {
                        throw new ZeroImageException(entryName + " in " + archive + " is too large to be image metadata");
                    }
                    contents.metadata.put(entryName, tar.readAllBytes());
                } else if (entryName.endsWith(".tar") || entryName.endsWith(".json") || entryName.endsWith(".tar.gz")) {
                    contents.files.put(entryName, store.put(tar, null, entry.getSize(), entryName + " in " + archive));
                }
            }
            // commons-compress takes a tar that stops at (or inside) a header for a complete one; a real
            // tar ends with a zero record, so a shorter tail means the file was cut off.
            if (endOfEntries >= 0 && counted.count() - endOfEntries < RECORD) {
                throw new ZeroImageException("The base image archive " + archive + " is truncated: it ends after "
                        + counted.count() + " bytes without the tar end-of-archive marker. Copy or export it again.");
            }
        } catch (ZeroImageException e) {
            throw e;
        } catch (IOException e) {
            throw new ZeroImageException("The base image archive " + archive + " is truncated or not a valid tar: "
                    + e.getMessage(), e);
        }
        return contents;
    }

    /** Counts the bytes the tar reader consumes (it reads headers record by record, without read-ahead). */
    private static final class CountingInputStream extends FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += Math.max(skipped, 0);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** A legacy docker save names the config {@code <64 hex>.json} at the top level. */
    private static boolean isLegacyConfig(String name) {
        return name.matches("[a-f0-9]{64}\\.json");
    }

    private static String safeName(String name, Path archive) {
        String normalized = name.startsWith("./") ? name.substring(2) : name;
        if (normalized.startsWith("/") || normalized.equals("..") || normalized.startsWith("../")
                || normalized.contains("/../") || normalized.endsWith("/..")) {
            throw new ZeroImageException("The base image archive " + archive + " has an unsafe entry name '" + name
                    + "' (absolute or with '..'): refusing to read it");
        }
        return normalized;
    }

    private static InputStream maybeGunzip(InputStream in) throws IOException {
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        return first == 0x1f && second == 0x8b ? new GzipCompressorInputStream(in, true) : in;
    }
}
