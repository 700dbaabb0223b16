package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpRequestFactory;
import com.google.api.client.http.HttpResponse;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.Json;
import dev.zeroimage.image.MediaType;
import dev.zeroimage.util.Progress;
import dev.zeroimage.util.ProgressInputStream;

import javax.net.ssl.SSLException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * A client of one registry's OCI Distribution API: manifests and blobs, with authentication,
 * bounded retries (connection errors, 5xx, 429 with Retry-After) and redirects that never carry
 * credentials to another host.
 */
public final class RegistryClient {
    static final String MANIFEST_ACCEPT = String.join(", ", MediaType.OCI_INDEX, MediaType.OCI_MANIFEST,
            MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_MANIFEST);
    private static final int MAX_MANIFEST_SIZE = 8 * 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;

    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final RegistryAuthenticator authenticator;
    private volatile String scheme;

    public RegistryClient(String registry, String apiHost, RegistryOptions options) throws IOException {
        this.registry = registry;
        this.apiHost = apiHost;
        this.options = options;
        Credential credential = options.credentials().find(registry).orElse(null);
        this.authenticator = new RegistryAuthenticator(registry, credential);
        this.scheme = "https";
    }

    public String registry() {
        return registry;
    }

    /** A manifest or index as served, with its verified digest. */
    public record ManifestResponse(byte[] content, String mediaType, Digest digest) {
    }

    public ManifestResponse fetchManifest(String repository, String reference) throws IOException {
        HttpResponse response = send(new Call("GET", "/v2/" + repository + "/manifests/" + reference,
                List.of(pullScope(repository)), "manifest " + repository + ":" + reference)
                .accept(MANIFEST_ACCEPT));
        try {
            requireSuccess(response, "get the manifest of " + repository + ":" + reference, repository);
            byte[] content;
            try (InputStream in = response.getContent()) {
                content = in.readNBytes(MAX_MANIFEST_SIZE + 1);
            }
            if (content.length > MAX_MANIFEST_SIZE) {
                throw new ZeroImageException("The manifest of " + repository + ":" + reference + " on " + registry
                        + " is larger than " + MAX_MANIFEST_SIZE + " bytes: refusing it");
            }
            Digest actual = Digest.sha256(content);
            Digest expected = reference.contains(":") ? Digest.parse(reference) : headerDigest(response);
            if (expected != null && !expected.equals(actual)) {
                throw new ZeroImageException("The manifest of " + repository + "@" + reference + " from " + registry
                        + " does not match its digest (expected " + expected + ", got " + actual + ")");
            }
            String contentType = response.getContentType() == null ? null
                    : response.getContentType().split(";")[0].trim();
            return new ManifestResponse(content, contentType, actual);
        } finally {
            response.disconnect();
        }
    }

    /** Like {@link #fetchManifest}, but empty when the registry has no such tag or digest (404). */
    public java.util.Optional<ManifestResponse> findManifest(String repository, String reference, List<String> scopes)
            throws IOException {
        HttpResponse response = send(new Call("HEAD", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).accept(MANIFEST_ACCEPT));
        try {
            if (response.getStatusCode() == 404) {
                return java.util.Optional.empty();
            }
            requireSuccess(response, "check the manifest " + repository + ":" + reference, repository);
        } finally {
            response.disconnect();
        }
        return java.util.Optional.of(fetchManifest(repository, reference));
    }

    /** Opens a blob's bytes (not yet verified: the caller hashes them while storing). */
    public InputStream openBlob(String repository, Descriptor descriptor) throws IOException {
        HttpResponse response = send(new Call("GET", "/v2/" + repository + "/blobs/" + descriptor.digest(),
                List.of(pullScope(repository)), "blob " + descriptor.digest()).rawContent());
        requireSuccess(response, "download blob " + descriptor.digest(), repository);
        Progress.Tracker tracker = options.progress().start("Downloading " + descriptor.digest().shortHex(),
                descriptor.size());
        return new FilterInputStream(new ProgressInputStream(response.getContent(), tracker)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.disconnect();
                }
            }
        };
    }

    /** True when the repository already has the blob (HEAD). */
    public boolean hasBlob(String repository, Digest digest, List<String> scopes) throws IOException {
        HttpResponse response = send(new Call("HEAD", "/v2/" + repository + "/blobs/" + digest, scopes,
                "blob " + digest));
        try {
            if (response.getStatusCode() == 404) {
                return false;
            }
            requireSuccess(response, "check blob " + digest, repository);
            return true;
        } finally {
            response.disconnect();
        }
    }

    /** Asks the registry to link a blob from another repository; false when it opened an upload instead. */
    public boolean mountBlob(String repository, Digest digest, String fromRepository, List<String> scopes)
            throws IOException {
        HttpResponse response = send(new Call("POST", "/v2/" + repository + "/blobs/uploads/?mount=" + digest
                + "&from=" + fromRepository, scopes, "mount of " + digest).content(new ByteArrayContent(null, new byte[0])));
        try {
            if (response.getStatusCode() == 201) {
                return true;
            }
            if (response.getStatusCode() == 202) {
                // Not mountable here; the session it opened is abandoned (the registry expires it).
                return false;
            }
            requireSuccess(response, "mount blob " + digest + " from " + fromRepository, repository);
            return false;
        } finally {
            response.disconnect();
        }
    }

    /**
     * Uploads a blob from a file: POST to open a session, then one streamed PUT with the bytes and the
     * digest. A registry that refuses a body that large (413) gets the blob in chunks instead.
     */
    public void uploadBlob(String repository, Descriptor descriptor, Path file, List<String> scopes) throws IOException {
        String location = startUpload(repository, descriptor, scopes);
        FileBody body = new FileBody(file, 0, Files.size(file),
                () -> options.progress().start("Uploading " + descriptor.digest().shortHex(), descriptor.size()));
        if (!putBlob(repository, descriptor, location, body, scopes)) {
            new ChunkedUpload(repository, descriptor, file, scopes).run();
        }
    }

    /** Uploads a small blob (a config) from memory. */
    public void uploadBlob(String repository, Descriptor descriptor, byte[] content, List<String> scopes)
            throws IOException {
        String location = startUpload(repository, descriptor, scopes);
        if (!putBlob(repository, descriptor, location, new ByteArrayContent("application/octet-stream", content),
                scopes)) {
            throw new ZeroImageException("Registry " + registry + " refused the " + content.length
                    + "-byte blob " + descriptor.digest() + " as too large (HTTP 413)");
        }
    }

    /** POST …/blobs/uploads/: opens an upload session; returns its absolute location. */
    private String startUpload(String repository, Descriptor descriptor, List<String> scopes) throws IOException {
        HttpResponse start = send(new Call("POST", "/v2/" + repository + "/blobs/uploads/", scopes,
                "upload of " + descriptor.digest()).content(new ByteArrayContent(null, new byte[0])));
        try {
            if (start.getStatusCode() != 202) {
                requireSuccess(start, "start the upload of " + descriptor.digest(), repository);
                throw failure(start, "start the upload of " + descriptor.digest(), repository);
            }
            return uploadLocation(start, descriptor);
        } finally {
            start.disconnect();
        }
    }

    private String uploadLocation(HttpResponse response, Descriptor descriptor) {
        String location = response.getHeaders().getLocation();
        if (location == null) {
            throw new ZeroImageException("Registry " + registry + " answered the upload of " + descriptor.digest()
                    + " without a Location header");
        }
        return URI.create(baseUrl() + "/").resolve(location).toString();
    }

    /** PUT {@code location}?digest=…: ends the session. False when the registry refused the body as too large. */
    private boolean putBlob(String repository, Descriptor descriptor, String location, HttpContent content,
                            List<String> scopes) throws IOException {
        String target = location + (location.contains("?") ? "&" : "?") + "digest=" + descriptor.digest();
        HttpResponse put = send(new Call("PUT", target, scopes, "upload of " + descriptor.digest()).content(content));
        try {
            int status = put.getStatusCode();
            if (status == 413) {
                return false;
            }
            if (status / 100 == 4 && status != 401 && status != 403) {
                // A PUT retried after its answer was lost finds the session finished (404 BLOB_UPLOAD_UNKNOWN)
                // although the blob was stored: the digest proves the registry has exactly our bytes.
                ZeroImageException failure = failure(put, "upload blob " + descriptor.digest(), repository);
                if (blobArrived(repository, descriptor.digest(), scopes)) {
                    return true;
                }
                throw failure;
            }
            requireSuccess(put, "upload blob " + descriptor.digest(), repository);
            Digest returned = headerDigest(put);
            if (returned != null && !returned.equals(descriptor.digest())) {
                throw new ZeroImageException("Registry " + registry + " stored blob " + descriptor.digest()
                        + " under another digest (" + returned + "): the upload was corrupted");
            }
            return true;
        } finally {
            put.disconnect();
        }
    }

    /**
     * The chunked upload of the distribution spec: PATCH ranges of the file, each to the Location the
     * previous answer gave, then PUT with the digest. Starts with 8 MiB chunks (or the registry's
     * OCI-Chunk-Min-Length) and halves them, in a new session, while the registry answers 413.
     */
    private final class ChunkedUpload {
        private static final long FIRST_CHUNK = 8L * 1024 * 1024;
        private static final long SMALLEST_CHUNK = 256L * 1024;
        private final String repository;
        private final Descriptor descriptor;
        private final Path file;
        private final List<String> scopes;

        ChunkedUpload(String repository, Descriptor descriptor, Path file, List<String> scopes) {
            this.repository = repository;
            this.descriptor = descriptor;
            this.file = file;
            this.scopes = scopes;
        }

        void run() throws IOException {
            for (long chunk = FIRST_CHUNK; chunk >= SMALLEST_CHUNK; chunk /= 2) {
                String location = startUpload(repository, descriptor, scopes);
                location = patchAll(location, chunk);
                if (location != null) {
                    if (!putBlob(repository, descriptor, location, new ByteArrayContent(null, new byte[0]), scopes)) {
                        break;
                    }
                    return;
                }
            }
            throw new ZeroImageException("Registry " + registry + " refused blob " + descriptor.digest()
                    + " as too large (HTTP 413), whole and in chunks down to " + SMALLEST_CHUNK / 1024
                    + " KiB: raise the body size limit of the registry or of the proxy in front of it");
        }

        /** Sends every chunk; returns the location to finish at, or null when a chunk was too large. */
        private String patchAll(String location, long chunk) throws IOException {
            long size = Files.size(file);
            for (long offset = 0; offset < size; offset += chunk) {
                long length = Math.min(chunk, size - offset);
                HttpResponse patch = send(new Call("PATCH", location, scopes, "upload of " + descriptor.digest())
                        .content(new FileBody(file, offset, length, () -> Progress.NONE.start("chunk", length)))
                        .header("Content-Range", offset + "-" + (offset + length - 1)));
                try {
                    if (patch.getStatusCode() == 413) {
                        return null;
                    }
                    if (patch.getStatusCode() != 202) {
                        requireSuccess(patch, "upload a chunk of blob " + descriptor.digest(), repository);
                    }
                    location = uploadLocation(patch, descriptor);
                } finally {
                    patch.disconnect();
                }
            }
            return location;
        }
    }

    private boolean blobArrived(String repository, Digest digest, List<String> scopes) {
        try {
            return hasBlob(repository, digest, scopes);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Puts a manifest under a tag or digest; returns the digest the registry reports. */
    public Digest putManifest(String repository, String reference, byte[] manifest, String mediaType,
                              List<String> scopes) throws IOException {
        HttpResponse response = send(new Call("PUT", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).content(new ByteArrayContent(mediaType, manifest)));
        try {
            requireSuccess(response, "push the manifest " + repository + ":" + reference, repository);
            Digest returned = headerDigest(response);
            return returned != null ? returned : Digest.sha256(manifest);
        } finally {
            response.disconnect();
        }
    }

    /**
     * Puts a manifest that has a {@code subject}. {@code subjectIndexed} is true when the registry answered
     * with {@code OCI-Subject}: it maintains the referrers API itself, so no fallback tag is needed.
     */
    public record ReferrerPut(Digest digest, boolean subjectIndexed) {
    }

    public ReferrerPut putReferrerManifest(String repository, String reference, byte[] manifest, String mediaType,
                                           List<String> scopes) throws IOException {
        HttpResponse response = send(new Call("PUT", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).content(new ByteArrayContent(mediaType, manifest)));
        try {
            requireSuccess(response, "push the manifest " + repository + ":" + reference, repository);
            Digest returned = headerDigest(response);
            String subject = response.getHeaders().getFirstHeaderStringValue("OCI-Subject");
            return new ReferrerPut(returned != null ? returned : Digest.sha256(manifest),
                    subject != null && !subject.isBlank());
        } finally {
            response.disconnect();
        }
    }

    /** Checks that the registry answers and accepts the credential (GET /v2/). */
    public void checkLogin() throws IOException {
        HttpResponse response = send(new Call("GET", "/v2/", List.of(), "login check"));
        try {
            requireSuccess(response, "log in", null);
        } finally {
            response.disconnect();
        }
    }

    public static String pullScope(String repository) {
        return "repository:" + repository + ":pull";
    }

    public static String pushScope(String repository) {
        return "repository:" + repository + ":pull,push";
    }

    // ---- the request loop -------------------------------------------------------------------------

    /** One logical request: method, path or absolute URL, the token scopes it needs, and what it is for. */
    private static final class Call {
        final String method;
        final String target;
        final List<String> scopes;
        final String what;
        String accept;
        HttpContent content;
        boolean raw;
        final Map<String, String> headers = new LinkedHashMap<>();

        Call(String method, String target, List<String> scopes, String what) {
            this.method = method;
            this.target = target;
            this.scopes = scopes;
            this.what = what;
        }

        Call accept(String value) {
            accept = value;
            return this;
        }

        Call content(HttpContent value) {
            content = value;
            return this;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call rawContent() {
            raw = true;
            return this;
        }
    }

    private String baseUrl() {
        return scheme + "://" + apiHost;
    }

    private HttpResponse send(Call call) throws IOException {
        if (options.offline()) {
            throw new ZeroImageException("Cannot reach registry " + registry + " for the " + call.what
                    + ": Maven is offline (-o). Drop -o (a base image that was pulled once is then cached).");
        }
        boolean retriedAuth = false;
        int attempt = 0;
        String url = call.target.startsWith("http") ? call.target : baseUrl() + call.target;
        int redirects = 0;
        // An upload Location may point elsewhere (storage front ends): credentials stay with the registry.
        boolean sameHost = hostOf(url).equals(hostOf(baseUrl()));
        while (true) {
            attempt++;
            HttpResponse response;
            try {
                response = execute(call, url, sameHost);
            } catch (IOException e) {
                if (options.isInsecure(registry) && scheme.equals("https") && sameHost) {
                    // An insecure registry that does not speak TLS (directly or through a proxy's CONNECT):
                    // fall back to plain HTTP, as Docker does.
                    scheme = "http";
                    url = url.replaceFirst("^https://", "http://");
                    attempt--;
                    continue;
                }
                if (e instanceof SSLException) {
                    throw new ZeroImageException("TLS with registry " + registry + " failed: " + e.getMessage()
                            + ". If it uses a private CA, add its certificate to caCertificates; if it is a test"
                            + " registry, list it in insecureRegistries.", e);
                }
                if (attempt < options.maxAttempts()) {
                    sleep(backoff(attempt, null));
                    continue;
                }
                throw new ZeroImageException("Cannot reach registry " + registry + " (" + url + ") for the "
                        + call.what + " after " + attempt + " attempts: " + e, e);
            }
            int status = response.getStatusCode();
            if (status == 401 && !retriedAuth && sameHost) {
                String challenge = response.getHeaders().getAuthenticate();
                response.disconnect();
                authenticator.onUnauthorized(challenge, call.scopes, requestFactory());
                retriedAuth = true;
                attempt--;
                continue;
            }
            if (status >= 300 && status < 400 && status != 304 && response.getHeaders().getLocation() != null
                    && redirects < MAX_REDIRECTS) {
                String location = response.getHeaders().getLocation();
                response.disconnect();
                String next = URI.create(url).resolve(location).toString();
                sameHost = sameHost && hostOf(next).equals(hostOf(url));
                url = next;
                redirects++;
                attempt--;
                continue;
            }
            if ((status == 429 || status >= 500) && attempt < options.maxAttempts()) {
                String retryAfter = response.getHeaders().getRetryAfter();
                response.disconnect();
                sleep(backoff(attempt, retryAfter));
                continue;
            }
            return response;
        }
    }

    private HttpResponse execute(Call call, String url, boolean sameHost) throws IOException {
        HttpRequestFactory factory = call.method.equals("PATCH") ? patchRequestFactory() : requestFactory();
        HttpRequest request = factory.buildRequest(call.method, new GenericUrl(url), call.content);
        call.headers.forEach((name, value) -> request.getHeaders().set(name, value));
        request.setFollowRedirects(false);
        request.setThrowExceptionOnExecuteError(false);
        request.setNumberOfRetries(0);
        request.setConnectTimeout(20_000);
        request.setReadTimeout(120_000);
        request.setResponseReturnRawInputStream(call.raw);
        request.getHeaders().setUserAgent("zeroimage");
        if (call.accept != null) {
            request.getHeaders().setAccept(call.accept);
        }
        // Credentials go to the registry only, never to a storage host it redirects to.
        String authorization = sameHost ? authenticator.authorization(call.scopes) : null;
        if (authorization != null) {
            request.getHeaders().setAuthorization(authorization);
        }
        return request.execute();
    }

    private HttpRequestFactory patchRequestFactory() {
        return options.transport().patchTransport(apiHost, !options.isInsecure(registry)).createRequestFactory();
    }

    private HttpRequestFactory requestFactory() {
        boolean verify = !options.isInsecure(registry);
        return options.transport().transport(apiHost, verify).createRequestFactory();
    }

    private long backoff(int attempt, String retryAfter) {
        if (retryAfter != null && retryAfter.trim().matches("\\d{1,4}")) {
            return Math.min(Long.parseLong(retryAfter.trim()) * 1000, 30_000);
        }
        long base = options.initialBackoff().toMillis() << Math.min(attempt - 1, 6);
        return Math.min(base, 10_000);
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry");
        }
    }

    private static String hostOf(String url) {
        URI uri = URI.create(url);
        return (uri.getHost() + ":" + uri.getPort()).toLowerCase(Locale.ROOT);
    }

    private static Digest headerDigest(HttpResponse response) {
        String value = response.getHeaders().getFirstHeaderStringValue("Docker-Content-Digest");
        return value == null || value.isBlank() ? null : Digest.parse(value.trim());
    }

    private void requireSuccess(HttpResponse response, String action, String repository) throws IOException {
        int status = response.getStatusCode();
        if (status / 100 == 2) {
            return;
        }
        throw failure(response, action, repository);
    }

    private ZeroImageException failure(HttpResponse response, String action, String repository) throws IOException {
        int status = response.getStatusCode();
        String detail = errorDetail(response);
        if (status == 401 || status == 403) {
            return authenticator.unauthorized("could not " + action + (repository == null ? "" : " in " + repository)
                    + " (HTTP " + status + detail + ")");
        }
        String where = repository == null ? registry : registry + "/" + repository;
        if (status == 404) {
            return new ZeroImageException("Registry " + where + ": could not " + action + ": not found (HTTP 404"
                    + detail + "). Check the image name and tag.");
        }
        return new ZeroImageException("Registry " + where + ": could not " + action + ": HTTP " + status + detail);
    }

    /** The registry's error codes ({@code {"errors":[{"code":…,"message":…}]}}), if it sent any. */
    private static String errorDetail(HttpResponse response) {
        try (InputStream in = response.getContent()) {
            if (in == null) {
                return "";
            }
            JsonNode body = Json.mapper().readTree(in.readNBytes(64 * 1024));
            StringBuilder detail = new StringBuilder();
            if (body != null && body.has("errors")) {
                for (JsonNode error : body.get("errors")) {
                    detail.append(", ").append(error.path("code").asText()).append(": ").append(error.path("message").asText());
                }
            }
            return detail.toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
