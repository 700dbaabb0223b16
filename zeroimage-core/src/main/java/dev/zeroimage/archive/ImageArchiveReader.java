package dev.zeroimage.archive;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.BaseImage;
import dev.zeroimage.layer.BoundedTarInputStream;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageConfig;
import dev.zeroimage.image.ImageFormat;
import dev.zeroimage.image.ImageIndex;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.Layer;
import dev.zeroimage.image.Manifest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.image.MultiPlatformImage;
import dev.zeroimage.image.Platform;
import dev.zeroimage.source.BlobSource;
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
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a base image from disk: an OCI image-layout tar ({@code skopeo copy … oci-archive:}), an OCI
 * image-layout directory, or a {@code docker save} tar. The format is detected. Blobs are verified as
 * they are copied into the store; entry names that could escape a directory are refused.
 */
public final class ImageArchiveReader {
    private static final Pattern BLOB_NAME = Pattern.compile("blobs/(sha256|sha512)/([a-f0-9]+)");
    private static final long MAX_METADATA_SIZE = Json.MAX_DOCUMENT_SIZE;
    /** The only files read into memory; every other file goes to the store (so many of them cannot fill the heap). */
    private static final Set<String> METADATA = Set.of("index.json", "manifest.json");
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
            return new DockerSaveReader(store, name).read(contents.metadata.get("manifest.json"), contents::file, wanted);
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
        return readImage(new CachingBlobSource(store, null, name), index.manifests().get(0), name);
    }

    /** What an image layout holds, read exactly as written: one image, or an index (then {@code image} is null). */
    public record Loaded(Image image, MultiPlatformImage index) {
        public boolean isIndex() {
            return index != null;
        }

        /** The images it holds: the one, or every platform of the index in its order. */
        public List<Image> images() {
            return index != null ? index.images() : List.of(image);
        }
    }

    /**
     * Loads an OCI layout (tar or directory) that holds one image or an index over several, exactly
     * as written: same manifest and index bytes, so the same digests. A layout whose {@code index.json}
     * lists several manifests directly is read as an index over them (a new one, written here).
     */
    public Loaded load(Path layout) throws IOException {
        Layout opened = openLayout(layout);
        ImageIndex top = Json.read(opened.indexJson(), ImageIndex.class, "index.json of " + opened.name());
        List<Descriptor> entries = top.manifests();
        if (entries.isEmpty()) {
            throw new ZeroImageException("The index.json of " + opened.name() + " lists no image");
        }
        if (entries.size() == 1 && MediaType.isIndex(entries.get(0).mediaType())) {
            Descriptor root = entries.get(0);
            return new Loaded(null, readIndex(opened.source(), new Descriptor(root.mediaType(), root.digest(), root.size()),
                    opened.name()));
        }
        List<Image> images = new ArrayList<>();
        for (Descriptor entry : entries) {
            if (!MediaType.isManifest(entry.mediaType())) {
                throw new ZeroImageException("The index.json of " + opened.name() + " lists " + entry.digest()
                        + " of media type '" + entry.mediaType() + "': expected image manifests or one image index");
            }
            images.add(readImage(opened.source(), entry, opened.name()));
        }
        if (images.size() == 1) {
            return new Loaded(images.get(0), null);
        }
        boolean docker = images.stream()
                .allMatch(image -> MediaType.DOCKER_MANIFEST.equals(image.manifestDescriptor().mediaType()));
        return new Loaded(null, MultiPlatformImage.assemble(images, null,
                docker ? ImageFormat.DOCKER : ImageFormat.OCI));
    }

    /** Loads a layout that must hold an index (what a multi-platform build writes). */
    public MultiPlatformImage loadIndex(Path layout) throws IOException {
        Loaded loaded = load(layout);
        if (!loaded.isIndex()) {
            throw new ZeroImageException(layout + " holds a single-platform image, not an image index");
        }
        return loaded.index();
    }

    private record Layout(byte[] indexJson, BlobSource source, String name) {
    }

    private Layout openLayout(Path layout) throws IOException {
        String name = layout.toString();
        if (Files.isDirectory(layout)) {
            Path index = layout.resolve("index.json");
            if (!Files.isRegularFile(index)) {
                throw new ZeroImageException("The directory " + layout + " is not an OCI image layout: it has no"
                        + " index.json");
            }
            Json.requireSmall(Files.size(index), "index.json of " + name);
            return new Layout(Files.readAllBytes(index), directorySource(layout, name), name);
        }
        if (!Files.isRegularFile(layout)) {
            throw new ZeroImageException("The image archive " + layout + " does not exist");
        }
        ArchiveContents contents = importTar(layout);
        byte[] indexJson = contents.metadata.get("index.json");
        if (indexJson == null) {
            throw new ZeroImageException(layout + " is not an OCI image layout archive (no index.json)"
                    + (contents.metadata.containsKey("manifest.json")
                    ? ": it is a docker save archive, which has no manifests to keep; copy it to an OCI layout first"
                    + " (skopeo copy docker-archive:" + layout + " oci-archive:IMAGE.tar)" : ""));
        }
        return new Layout(indexJson, new CachingBlobSource(store, null, name), name);
    }

    /** An image index and each of its images; nested indexes and non-image entries are refused. */
    private static MultiPlatformImage readIndex(BlobSource source, Descriptor descriptor, String name)
            throws IOException {
        byte[] indexJson = source.readJson(descriptor, "image index in " + name);
        ImageIndex index = Json.read(indexJson, ImageIndex.class, "image index in " + name);
        List<Image> images = new ArrayList<>();
        for (Descriptor entry : index.manifests()) {
            if (!MediaType.isManifest(entry.mediaType())) {
                throw new ZeroImageException("The image index in " + name + " lists " + entry.digest()
                        + " of media type '" + entry.mediaType() + "': only image manifests can be read");
            }
            images.add(readImage(source, entry, name));
        }
        if (images.isEmpty()) {
            throw new ZeroImageException("The image index in " + name + " lists no image");
        }
        return new MultiPlatformImage(index, indexJson, descriptor, images);
    }

    /** One image as stored: manifest and config bytes unchanged, layers verified against the diff_ids. */
    static Image readImage(BlobSource source, Descriptor entry, String name) throws IOException {
        Descriptor manifestDescriptor = new Descriptor(entry.mediaType(), entry.digest(), entry.size());
        byte[] manifestJson = source.readJson(manifestDescriptor, "manifest");
        Manifest manifest = Json.read(manifestJson, Manifest.class, "manifest in " + name);
        if (manifest.config() == null) {
            throw new ZeroImageException("The manifest in " + name + " has no config: it is not an image to push");
        }
        byte[] configJson = source.readJson(manifest.config(), "config");
        ImageConfig config = Json.read(configJson, ImageConfig.class, "config in " + name);
        List<Digest> diffIds = ManifestWalker.diffIds(config, manifest, "image in " + name);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            ManifestWalker.requireDiffIdOfUncompressed(layer, diffIds.get(i), "image in " + name);
            layers.add(new Layer(layer, diffIds.get(i), source.blob(layer, "layer " + layer.digest())));
        }
        return new Image(config, configJson, manifest.config(), manifest, manifestJson, manifestDescriptor, layers);
    }

    private CachingBlobSource directorySource(Path directory, String name) {
        return new CachingBlobSource(store, (descriptor, what) -> {
            Path blob = directory.resolve("blobs").resolve(descriptor.digest().algorithm())
                    .resolve(descriptor.digest().hex());
            if (!Files.isRegularFile(blob)) {
                throw new ZeroImageException("The " + what + " is missing from " + directory + " (" + blob + ")");
            }
            return Files.newInputStream(blob);
        }, name);
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
        // The tar path caps index.json; a directory's must not be read whatever its size either.
        Json.requireSmall(Files.size(index), "index.json of " + name);
        return new ManifestWalker(source, name).resolve(Files.readAllBytes(index), null, wanted);
    }

    /** What one pass over the tar found: the two metadata files by name, other files by their digest. */
    static final class ArchiveContents {
        final Map<String, byte[]> metadata = new HashMap<>();
        final Map<String, Digest> files = new HashMap<>();
        final ArchiveLinks links;

        ArchiveContents(ArchiveLinks links) {
            this.links = links;
        }

        /** The digest of the file at {@code name}, links (of the file or its directories) followed; null if none. */
        Digest file(String name) {
            Digest direct = files.get(name);
            if (direct != null) {
                return direct;
            }
            String resolved = links.resolve(name);
            return resolved == null ? null : files.get(resolved);
        }
    }

    private ArchiveContents importTar(Path archive) throws IOException {
        ArchiveLinks links = new ArchiveLinks(archive);
        ArchiveContents contents = new ArchiveContents(links);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 64 * 1024);
             CountingInputStream counted = new CountingInputStream(maybeGunzip(raw));
             TarArchiveInputStream tar = new BoundedTarInputStream(counted, "base image archive " + archive)) {
            InputStream entryData = new ReadFailureMarker(tar);
            TarArchiveEntry entry;
            // Where the data of the last entry ends; -1 once that cannot be told (a sparse entry).
            long endOfEntries = 0;
            while ((entry = tar.getNextEntry()) != null) {
                endOfEntries = entry.isSparse() || endOfEntries < 0 ? -1
                        : counted.count() + (entry.getSize() + RECORD - 1) / RECORD * RECORD;
                String entryName = safeName(entry.getName(), archive);
                if (entry.isSymbolicLink() || entry.isLink()) {
                    links.add(entryName, entry.getLinkName(), entry.isLink());
                    continue;
                }
                if (!entry.isFile()) {
                    continue;
                }
                Matcher blob = BLOB_NAME.matcher(entryName);
                if (blob.matches()) {
                    Digest digest = new Digest(blob.group(1), blob.group(2));
                    store(entryData, digest, entry.getSize(), "Blob " + entryName + " in " + archive);
                    contents.files.put(entryName, digest);
                } else if (METADATA.contains(entryName)) {
                    if (entry.getSize() > MAX_METADATA_SIZE) {
                        throw new ZeroImageException(entryName + " in " + archive + " is too large to be image metadata");
                    }
                    contents.metadata.put(entryName, entryData.readAllBytes());
                } else if (entryName.endsWith(".tar") || entryName.endsWith(".json") || entryName.endsWith(".tar.gz")) {
                    contents.files.put(entryName, store(entryData, null, entry.getSize(), entryName + " in " + archive));
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
            IOException cause = e instanceof ReadFailure failure ? failure.getCause() : e;
            throw new ZeroImageException("The base image archive " + archive + " is truncated or not a valid tar: "
                    + reason(cause), cause);
        }
        resolveLinkedBlobsAndMetadata(contents, archive);
        return contents;
    }

    /**
     * A blob or metadata file that is a link gets its target's content: a blob name must then still
     * be the digest of that content.
     */
    private void resolveLinkedBlobsAndMetadata(ArchiveContents contents, Path archive) throws IOException {
        for (String name : contents.links.names()) {
            Matcher blob = BLOB_NAME.matcher(name);
            if (!blob.matches() && !METADATA.contains(name)) {
                continue;
            }
            String resolved = contents.links.resolve(name);
            Digest target = resolved == null ? null : contents.files.get(resolved);
            if (blob.matches() && target != null) {
                Digest claimed = new Digest(blob.group(1), blob.group(2));
                if (!claimed.equals(target)) {
                    throw new ZeroImageException("Blob " + name + " in " + archive + " is a link to " + resolved
                            + ", which does not match its digest: expected " + claimed + ", got " + target
                            + ". The image is corrupt or was tampered with");
                }
                contents.files.put(name, target);
            } else if (METADATA.contains(name)) {
                if (target != null) {
                    contents.metadata.put(name, readStored(target, name + " in " + archive));
                } else if (resolved != null && contents.metadata.containsKey(resolved)) {
                    contents.metadata.put(name, contents.metadata.get(resolved));
                }
            }
        }
    }

    /** Copies one entry into the store; a failure to write there is not the archive's fault. */
    private Digest store(InputStream entryData, Digest digest, long size, String what) throws IOException {
        try {
            return store.put(entryData, digest, size, what);
        } catch (ReadFailure e) {
            throw e;
        } catch (IOException e) {
            throw new ZeroImageException("Cannot copy " + what + " into the cache " + store.root() + ": "
                    + reason(e), e);
        }
    }

    private byte[] readStored(Digest digest, String what) throws IOException {
        Path path = store.path(digest);
        if (Files.size(path) > MAX_METADATA_SIZE) {
            throw new ZeroImageException(what + " is too large to be image metadata");
        }
        return Files.readAllBytes(path);
    }

    static String reason(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    /** An I/O failure while reading the archive, as opposed to writing to the store. */
    private static final class ReadFailure extends IOException {
        ReadFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /** Marks what the tar reader throws, so that store failures can be told apart. */
    private static final class ReadFailureMarker extends FilterInputStream {
        ReadFailureMarker(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (ReadFailure e) {
                throw e;
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return in.read(buffer, offset, length);
            } catch (ReadFailure e) {
                throw e;
            } catch (IOException e) {
                throw new ReadFailure(e);
            }
        }

        @Override
        public void close() {
            // The tar reader is closed by its owner.
        }
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
