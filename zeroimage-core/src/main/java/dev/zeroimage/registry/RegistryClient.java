package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.util.Progress;
import dev.zeroimage.util.ProgressInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A client of one registry's OCI Distribution API: manifests and blobs, with authentication,
 * bounded retries (connection errors, timeouts, 5xx, 429 with Retry-After) and redirects that never
 * carry credentials to another host. The endpoints live here; the request loop in {@link RequestLoop},
 * the upload protocol in {@link BlobUpload}, the error text in {@link RegistryErrors}.
 */
public final class RegistryClient {
    static final String MANIFEST_ACCEPT = String.join(", ", MediaType.OCI_INDEX, MediaType.OCI_MANIFEST,
            MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_MANIFEST);
    private static final int MAX_MANIFEST_SIZE = 8 * 1024 * 1024;

    private final String registry;
    private final RegistryOptions options;
    private final RequestLoop loop;
    private final RegistryErrors errors;
    private final BlobUpload uploads;

    /** Credentials are looked up on the registry's first challenge, not here. */
    public RegistryClient(String registry, String apiHost, RegistryOptions options) throws IOException {
        this.registry = registry;
        this.options = options;
        RegistryAuthenticator authenticator = new RegistryAuthenticator(registry, options.credentials());
        this.loop = new RequestLoop(registry, apiHost, options, authenticator);
        this.errors = new RegistryErrors(registry, authenticator);
        this.uploads = new BlobUpload(registry, options, loop, errors, this::hasBlob);
    }

    public String registry() {
        return registry;
    }

    /** A manifest or index as served, with its verified digest. */
    public record ManifestResponse(byte[] content, String mediaType, Digest digest) {
    }

    public ManifestResponse fetchManifest(String repository, String reference) throws IOException {
        return loop.exchange(new RegistryCall("GET", "/v2/" + repository + "/manifests/" + reference,
                List.of(pullScope(repository)), "manifest " + repository + ":" + reference)
                .accept(MANIFEST_ACCEPT).maxBody(MAX_MANIFEST_SIZE + 1), response -> {
            errors.requireSuccess(response, "get the manifest of " + repository + ":" + reference, repository);
            byte[] content = response.body();
            if (content.length > MAX_MANIFEST_SIZE) {
                throw new ZeroImageException("The manifest of " + repository + ":" + reference + " on " + registry
                        + " is larger than " + MAX_MANIFEST_SIZE + " bytes: refusing it");
            }
            Digest actual = Digest.sha256(content);
            Digest expected = reference.contains(":") ? Digest.parse(reference) : errors.headerDigest(response);
            if (expected != null && !expected.equals(actual)) {
                throw new ZeroImageException("The manifest of " + repository + "@" + reference + " from " + registry
                        + " does not match its digest (expected " + expected + ", got " + actual + ")");
            }
            return new ManifestResponse(content, response.contentType(), actual);
        });
    }

    /** Like {@link #fetchManifest}, but empty when the registry has no such tag or digest (404). */
    public java.util.Optional<ManifestResponse> findManifest(String repository, String reference, List<String> scopes)
            throws IOException {
        boolean found = loop.exchange(new RegistryCall("HEAD", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).accept(MANIFEST_ACCEPT), response -> {
            if (response.status() == 404) {
                return false;
            }
            errors.requireSuccess(response, "check the manifest " + repository + ":" + reference, repository);
            return true;
        });
        return found ? java.util.Optional.of(fetchManifest(repository, reference)) : java.util.Optional.empty();
    }

    /** Opens a blob's bytes (not yet verified: the caller hashes them while storing). */
    public InputStream openBlob(String repository, Descriptor descriptor) throws IOException {
        Response response = loop.send(new RegistryCall("GET", "/v2/" + repository + "/blobs/" + descriptor.digest(),
                List.of(pullScope(repository)), "blob " + descriptor.digest()).stream());
        try {
            errors.requireSuccess(response, "download blob " + descriptor.digest(), repository);
        } catch (IOException | RuntimeException e) {
            response.close();
            throw e;
        }
        Progress.Tracker tracker = options.progress().start("Downloading " + descriptor.digest().shortHex(),
                descriptor.size());
        String what = "Downloading blob " + descriptor.digest() + " from registry " + registry + "/" + repository;
        return new FilterInputStream(new ProgressInputStream(response.stream(), tracker)) {
            private long read;

            @Override
            public int read() throws IOException {
                try {
                    int b = super.read();
                    read += b < 0 ? 0 : 1;
                    return b;
                } catch (IOException e) {
                    throw brokeOff(e);
                }
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                try {
                    int n = super.read(buffer, offset, length);
                    read += Math.max(n, 0);
                    return n;
                } catch (IOException e) {
                    throw brokeOff(e);
                }
            }

            private IOException brokeOff(IOException e) {
                return new IOException(what + " broke off after " + read + " bytes: " + Urls.describe(e), e);
            }

            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        };
    }

    /** True when the repository already has the blob (HEAD). */
    public boolean hasBlob(String repository, Digest digest, List<String> scopes) throws IOException {
        return loop.exchange(new RegistryCall("HEAD", "/v2/" + repository + "/blobs/" + digest, scopes,
                "blob " + digest), response -> {
            if (response.status() == 404) {
                return false;
            }
            errors.requireSuccess(response, "check blob " + digest, repository);
            return true;
        });
    }

    /** Asks the registry to link a blob from another repository; false when it opened an upload instead. */
    public boolean mountBlob(String repository, Digest digest, String fromRepository, List<String> scopes)
            throws IOException {
        return loop.exchange(new RegistryCall("POST", "/v2/" + repository + "/blobs/uploads/?mount=" + digest
                + "&from=" + fromRepository, scopes, "mount of " + digest).body(RequestBody.EMPTY), response -> {
            if (response.status() == 201) {
                return true;
            }
            if (response.status() == 202) {
                // Not mountable here; the session it opened is abandoned (the registry expires it).
                return false;
            }
            errors.requireSuccess(response, "mount blob " + digest + " from " + fromRepository, repository);
            return false;
        });
    }

    /**
     * Uploads a blob from a file: POST to open a session, then one streamed PUT with the bytes and the
     * digest. A registry that refuses a body that large (413) gets the blob in chunks instead.
     */
    public void uploadBlob(String repository, Descriptor descriptor, Path file, List<String> scopes) throws IOException {
        uploads.upload(repository, descriptor, file, scopes);
    }

    /** Uploads a small blob (a config) from memory. */
    public void uploadBlob(String repository, Descriptor descriptor, byte[] content, List<String> scopes)
            throws IOException {
        uploads.upload(repository, descriptor, content, scopes);
    }

    /** Puts a manifest under a tag or digest; returns the digest the registry reports. */
    public Digest putManifest(String repository, String reference, byte[] manifest, String mediaType,
                              List<String> scopes) throws IOException {
        return putReferrerManifest(repository, reference, manifest, mediaType, scopes).digest();
    }

    /**
     * Puts a manifest that has a {@code subject}. {@code subjectIndexed} is true when the registry answered
     * with {@code OCI-Subject}: it maintains the referrers API itself, so no fallback tag is needed.
     */
    public record ReferrerPut(Digest digest, boolean subjectIndexed) {
    }

    public ReferrerPut putReferrerManifest(String repository, String reference, byte[] manifest, String mediaType,
                                           List<String> scopes) throws IOException {
        return loop.exchange(new RegistryCall("PUT", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).body(RequestBody.bytes(mediaType, manifest)), response -> {
            errors.requireSuccess(response, "push the manifest " + repository + ":" + reference, repository);
            Digest returned = errors.headerDigest(response);
            String subject = response.header("OCI-Subject");
            return new ReferrerPut(returned != null ? returned : Digest.sha256(manifest),
                    subject != null && !subject.isBlank());
        });
    }

    /** Checks that the registry answers and accepts the credential (GET /v2/). */
    public void checkLogin() throws IOException {
        loop.exchange(new RegistryCall("GET", "/v2/", List.of(), "login check"), response -> {
            errors.requireSuccess(response, "log in", null);
            return null;
        });
    }

    /**
     * Opens a blob upload and cancels it at once (DELETE on its Location): proves push access without
     * storing anything. Returns the POST's status, 202 when pushing is allowed.
     */
    public int tryUpload(String repository) throws IOException {
        List<String> scopes = List.of(pushScope(repository));
        record Answer(int status, String location, URI answeredBy) {
        }
        Answer start = loop.exchange(new RegistryCall("POST", "/v2/" + repository + "/blobs/uploads/", scopes,
                "push check").body(RequestBody.EMPTY),
                response -> new Answer(response.status(), response.header("Location"), response.uri()));
        if (start.status() == 202 && start.location() != null) {
            try {
                // Best effort: distribution 2.8 answers 401 when the token lacks delete; the session then expires.
                URI cancel = Urls.resolveHttp(start.answeredBy(), start.location(), "the Location of the push check",
                        registry);
                loop.exchange(new RegistryCall("DELETE", cancel.toString(), scopes, "cancel of the push check"),
                        response -> null);
            } catch (IOException | ZeroImageException e) {
                // The answer to the POST already decided.
            }
        }
        return start.status();
    }

    public static String pullScope(String repository) {
        return "repository:" + repository + ":pull";
    }

    public static String pushScope(String repository) {
        return "repository:" + repository + ":pull,push";
    }
}
