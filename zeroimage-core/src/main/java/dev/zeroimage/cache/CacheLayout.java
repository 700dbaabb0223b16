package dev.zeroimage.cache;

import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Where everything lives in the cache directory: the one place that knows its layout. The layout is
 * shared by every version that uses the same cache, so it only ever grows.
 * <pre>
 * blobs/sha256/&lt;hex&gt;               content-addressed blobs (pulled bases, built layers, manifests)
 * tmp/blob-*.part                  blobs being written (locked while written)
 * tags/&lt;registry&gt;/&lt;repo&gt;/&lt;tag&gt;      the manifest digest a tag resolved to, for offline builds
 * layers/&lt;key&gt;                    a built layer's descriptor and diff id, by its inputs
 * file-digests/&lt;identity&gt;         a source file's sha256, by path, size, times and inode
 * archives/&lt;sha256 of the path&gt;    what was last written to an output file
 * builds/&lt;key&gt;                    an unchanged build's outputs, by its settings and inputs' identities
 * </pre>
 * Records are small text files written atomically ({@code .<name>.<random>.tmp} while written).
 */
public final class CacheLayout {
    private static final String BLOBS = "blobs";
    private static final String TEMPORARY = "tmp";
    private static final String TAGS = "tags";
    private static final String LAYERS = "layers";
    private static final String FILE_DIGESTS = "file-digests";
    private static final String ARCHIVES = "archives";
    private static final String BUILDS = "builds";

    private final Path root;

    public CacheLayout(Path root) {
        this.root = root.toAbsolutePath();
    }

    public Path root() {
        return root;
    }

    public Path blob(Digest digest) {
        return root.resolve(BLOBS).resolve(digest.algorithm()).resolve(digest.hex());
    }

    public Path blobDirectory() {
        return root.resolve(BLOBS);
    }

    public Path temporaryDirectory() {
        return root.resolve(TEMPORARY);
    }

    /** The file remembering which manifest {@code reference}'s tag named when it was last pulled. */
    public Path tagPointer(ImageReference reference) {
        String registry = reference.registry().replace(':', '_');
        return root.resolve(TAGS).resolve(registry).resolve(reference.repository()).resolve(reference.tag());
    }

    public Path layerRecord(String key) {
        return root.resolve(LAYERS).resolve(key);
    }

    public Path fileDigestRecord(String fileIdentityHex) {
        return root.resolve(FILE_DIGESTS).resolve(fileIdentityHex);
    }

    public Path archiveRecord(Path outputFile) {
        String path = outputFile.toAbsolutePath().normalize().toString();
        return root.resolve(ARCHIVES).resolve(Digest.sha256(path.getBytes(StandardCharsets.UTF_8)).hex());
    }

    /** What a build with these settings and inputs left behind (see {@code build.UnchangedBuild}). */
    public Path buildRecord(String key) {
        return root.resolve(BUILDS).resolve(key);
    }

    /** The directories holding records (each may hold leftovers of a killed atomic write; tags nest). */
    public List<Path> recordDirectories() {
        return List.of(root.resolve(TAGS), root.resolve(LAYERS), root.resolve(FILE_DIGESTS), root.resolve(ARCHIVES),
                root.resolve(BUILDS));
    }
}
