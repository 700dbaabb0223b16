package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.cache.DamagedBlobException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.util.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The blob upload protocol: POST to open a session, then one streamed PUT with the bytes and the digest;
 * a registry that refuses a body that large (413) gets the blob in chunks (PATCH) instead.
 */
final class BlobUpload {
    private static final long FIRST_CHUNK = 8L * 1024 * 1024;
    private static final long SMALLEST_CHUNK = 256L * 1024;

    /** Whether the repository has the blob (HEAD). */
    @FunctionalInterface
    interface BlobCheck {
        boolean has(String repository, Digest digest, List<String> scopes) throws IOException;
    }

    private final String registry;
    private final RegistryOptions options;
    private final RequestLoop loop;
    private final RegistryErrors errors;
    private final BlobCheck check;

    BlobUpload(String registry, RegistryOptions options, RequestLoop loop, RegistryErrors errors, BlobCheck check) {
        this.registry = registry;
        this.options = options;
        this.loop = loop;
        this.errors = errors;
        this.check = check;
    }

    /**
     * Uploads a blob from a cache file, whole or, after a 413, in chunks. The file is hashed while it is
     * sent (one read); one that does not hold the descriptor's bytes fails naming itself (a
     * {@link DamagedBlobException}, the file removed), not as a registry's digest error, and the
     * registry is never sent all of it.
     */
    void upload(String repository, Descriptor descriptor, Path file, List<String> scopes) throws IOException {
        if (Files.size(file) != descriptor.size()) {
            BlobStore.verify(file, descriptor); // names the damaged file, or the lying descriptor
        }
        // Hashed already in this JVM and not written since (the layer just compressed, or copied into
        // the archive): sending it is then the only read. In a warm build the hashing is the JVM's first
        // and runs interpreted, which cost a 38 MB push about 0.2 s (issue 16).
        Digest check = BlobStore.verifiedUnchanged(file, descriptor) ? null : descriptor.digest();
        String location = start(repository, descriptor, scopes);
        FileBody body = new FileBody(file, 0, descriptor.size(), check,
                () -> options.progress().start("Uploading " + descriptor.digest().shortHex(), descriptor.size()));
        boolean whole;
        try {
            whole = put(repository, descriptor, location, body, scopes);
        } catch (FileRangePublisher.SentBytesMismatch e) {
            throw BlobStore.damaged(file, descriptor, e.actual());
        }
        if (!whole) {
            // Chunks are not hashed as they go: a rare fallback may afford the one extra read.
            if (check != null) {
                BlobStore.verify(file, descriptor);
            }
            chunked(repository, descriptor, file, scopes);
        }
    }

    /** Uploads a small blob (a config) from memory. */
    void upload(String repository, Descriptor descriptor, byte[] content, List<String> scopes) throws IOException {
        String location = start(repository, descriptor, scopes);
        if (!put(repository, descriptor, location, RequestBody.bytes("application/octet-stream", content), scopes)) {
            throw new ZeroImageException("Registry " + registry + " refused the " + content.length
                    + "-byte blob " + descriptor.digest() + " as too large (HTTP 413)");
        }
    }

    /** POST …/blobs/uploads/: opens an upload session; returns its absolute location. */
    private String start(String repository, Descriptor descriptor, List<String> scopes) throws IOException {
        return loop.exchange(new RegistryCall("POST", "/v2/" + repository + "/blobs/uploads/", scopes,
                "upload of " + descriptor.digest()).body(RequestBody.EMPTY), start -> {
            if (start.status() != 202) {
                errors.requireSuccess(start, "start the upload of " + descriptor.digest(), repository);
                throw errors.failure(start, "start the upload of " + descriptor.digest(), repository);
            }
            return location(start, descriptor);
        });
    }

    private String location(Response response, Descriptor descriptor) {
        String location = response.header("Location");
        if (location == null) {
            throw new ZeroImageException("Registry " + registry + " answered the upload of " + descriptor.digest()
                    + " without a Location header");
        }
        return Urls.resolveHttp(response.uri(), location, "a Location header for the upload of "
                + descriptor.digest(), registry).toString();
    }

    /** PUT {@code location}?digest=…: ends the session. False when the registry refused the body as too large. */
    private boolean put(String repository, Descriptor descriptor, String location, RequestBody content,
                        List<String> scopes) throws IOException {
        String target = location + (location.contains("?") ? "&" : "?") + "digest=" + descriptor.digest();
        return loop.exchange(new RegistryCall("PUT", target, scopes, "upload of " + descriptor.digest()).body(content)
                .closeMeansTooLarge(), put -> {
            int status = put.status();
            if (status == 413) {
                return false;
            }
            if (status / 100 == 4 && status != 401 && status != 403) {
                // A PUT retried after its answer was lost finds the session finished (404 BLOB_UPLOAD_UNKNOWN)
                // although the blob was stored: the digest proves the registry has exactly our bytes.
                ZeroImageException failure = errors.failure(put, "upload blob " + descriptor.digest(), repository);
                if (arrived(repository, descriptor.digest(), scopes)) {
                    return true;
                }
                throw failure;
            }
            errors.requireSuccess(put, "upload blob " + descriptor.digest(), repository);
            Digest returned = errors.headerDigest(put);
            if (returned != null && !returned.equals(descriptor.digest())) {
                throw new ZeroImageException("Registry " + registry + " stored blob " + descriptor.digest()
                        + " under another digest (" + returned + "): the upload was corrupted");
            }
            return true;
        });
    }

    private boolean arrived(String repository, Digest digest, List<String> scopes) {
        try {
            return check.has(repository, digest, scopes);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * The chunked upload of the distribution spec: PATCH ranges of the file, each to the Location the
     * previous answer gave, then PUT with the digest. Starts with 8 MiB chunks and halves them, in a new
     * session, while the registry answers 413.
     */
    private void chunked(String repository, Descriptor descriptor, Path file, List<String> scopes) throws IOException {
        for (long chunk = FIRST_CHUNK; chunk >= SMALLEST_CHUNK; chunk /= 2) {
            String location = start(repository, descriptor, scopes);
            location = patchAll(repository, descriptor, file, scopes, location, chunk);
            if (location != null) {
                if (!put(repository, descriptor, location, RequestBody.EMPTY, scopes)) {
                    break;
                }
                return;
            }
        }
        throw new ZeroImageException("Registry " + registry + " refused blob " + descriptor.digest()
                + " as too large (HTTP 413, or closing the connection while it was sent), whole and in chunks"
                + " down to " + SMALLEST_CHUNK / 1024
                + " KiB: raise the body size limit of the registry or of the proxy in front of it");
    }

    /** Sends every chunk; returns the location to finish at, or null when a chunk was too large. */
    private String patchAll(String repository, Descriptor descriptor, Path file, List<String> scopes, String location,
                            long chunk) throws IOException {
        long size = Files.size(file);
        for (long offset = 0; offset < size && location != null; offset += chunk) {
            long length = Math.min(chunk, size - offset);
            location = loop.exchange(new RegistryCall("PATCH", location, scopes, "upload of " + descriptor.digest())
                    .body(new FileBody(file, offset, length, () -> Progress.NONE.start("chunk", length)))
                    .header("Content-Range", offset + "-" + (offset + length - 1)).closeMeansTooLarge(), patch -> {
                if (patch.status() == 413) {
                    return null;
                }
                if (patch.status() != 202) {
                    errors.requireSuccess(patch, "upload a chunk of blob " + descriptor.digest(), repository);
                }
                return location(patch, descriptor);
            });
        }
        return location;
    }
}
