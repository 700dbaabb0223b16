package dev.zeroimage.registry;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of one registry's OCI Distribution API: manifests and blobs, with authentication,
 * bounded retries (connection errors, timeouts, 5xx, 429 with Retry-After) and redirects that never
 * carry credentials to another host.
 */
public final class RegistryClient {
    static final String MANIFEST_ACCEPT = String.join(", ", MediaType.OCI_INDEX, MediaType.OCI_MANIFEST,
            MediaType.DOCKER_MANIFEST_LIST, MediaType.DOCKER_MANIFEST);
    private static final int MAX_MANIFEST_SIZE = 8 * 1024 * 1024;
    private static final int MAX_SMALL_ANSWER = 1024 * 1024;
    private static final int MAX_REDIRECTS = 5;
    /** Bodies larger than this are uploads: their limit is "no progress for httpTimeout", not a deadline. */
    private static final long LARGE_BODY = 256 * 1024;

    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final RetryPolicy retries;
    private final RegistryAuthenticator authenticator;
    private volatile String scheme;

    public RegistryClient(String registry, String apiHost, RegistryOptions options) throws IOException {
        this.registry = registry;
        this.apiHost = apiHost;
        this.options = options;
        this.retries = RetryPolicy.of(options);
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
        try (Response response = send(new Call("GET", "/v2/" + repository + "/manifests/" + reference,
                List.of(pullScope(repository)), "manifest " + repository + ":" + reference)
                .accept(MANIFEST_ACCEPT).maxBody(MAX_MANIFEST_SIZE + 1))) {
            requireSuccess(response, "get the manifest of " + repository + ":" + reference, repository);
            byte[] content = response.body();
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
            return new ManifestResponse(content, response.contentType(), actual);
        }
    }

    /** Like {@link #fetchManifest}, but empty when the registry has no such tag or digest (404). */
    public java.util.Optional<ManifestResponse> findManifest(String repository, String reference, List<String> scopes)
            throws IOException {
        try (Response response = send(new Call("HEAD", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).accept(MANIFEST_ACCEPT))) {
            if (response.status() == 404) {
                return java.util.Optional.empty();
            }
            requireSuccess(response, "check the manifest " + repository + ":" + reference, repository);
        }
        return java.util.Optional.of(fetchManifest(repository, reference));
    }

    /** Opens a blob's bytes (not yet verified: the caller hashes them while storing). */
    public InputStream openBlob(String repository, Descriptor descriptor) throws IOException {
        Response response = send(new Call("GET", "/v2/" + repository + "/blobs/" + descriptor.digest(),
                List.of(pullScope(repository)), "blob " + descriptor.digest()).stream());
        try {
            requireSuccess(response, "download blob " + descriptor.digest(), repository);
        } catch (RuntimeException e) {
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
        try (Response response = send(new Call("HEAD", "/v2/" + repository + "/blobs/" + digest, scopes,
                "blob " + digest))) {
            if (response.status() == 404) {
                return false;
            }
            requireSuccess(response, "check blob " + digest, repository);
            return true;
        }
    }

    /** Asks the registry to link a blob from another repository; false when it opened an upload instead. */
    public boolean mountBlob(String repository, Digest digest, String fromRepository, List<String> scopes)
            throws IOException {
        try (Response response = send(new Call("POST", "/v2/" + repository + "/blobs/uploads/?mount=" + digest
                + "&from=" + fromRepository, scopes, "mount of " + digest).body(RequestBody.EMPTY))) {
            if (response.status() == 201) {
                return true;
            }
            if (response.status() == 202) {
                // Not mountable here; the session it opened is abandoned (the registry expires it).
                return false;
            }
            requireSuccess(response, "mount blob " + digest + " from " + fromRepository, repository);
            return false;
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
        if (!putBlob(repository, descriptor, location, RequestBody.bytes("application/octet-stream", content),
                scopes)) {
            throw new ZeroImageException("Registry " + registry + " refused the " + content.length
                    + "-byte blob " + descriptor.digest() + " as too large (HTTP 413)");
        }
    }

    /** POST …/blobs/uploads/: opens an upload session; returns its absolute location. */
    private String startUpload(String repository, Descriptor descriptor, List<String> scopes) throws IOException {
        try (Response start = send(new Call("POST", "/v2/" + repository + "/blobs/uploads/", scopes,
                "upload of " + descriptor.digest()).body(RequestBody.EMPTY))) {
            if (start.status() != 202) {
                requireSuccess(start, "start the upload of " + descriptor.digest(), repository);
                throw failure(start, "start the upload of " + descriptor.digest(), repository);
            }
            return uploadLocation(start, descriptor);
        }
    }

    private String uploadLocation(Response response, Descriptor descriptor) {
        String location = response.header("Location");
        if (location == null) {
            throw new ZeroImageException("Registry " + registry + " answered the upload of " + descriptor.digest()
                    + " without a Location header");
        }
        return Urls.resolveHttp(response.uri(), location, "a Location header for the upload of "
                + descriptor.digest(), registry).toString();
    }

    /** PUT {@code location}?digest=…: ends the session. False when the registry refused the body as too large. */
    private boolean putBlob(String repository, Descriptor descriptor, String location, RequestBody content,
                            List<String> scopes) throws IOException {
        String target = location + (location.contains("?") ? "&" : "?") + "digest=" + descriptor.digest();
        try (Response put = send(new Call("PUT", target, scopes, "upload of " + descriptor.digest()).body(content)
                .closeMeansTooLarge())) {
            int status = put.status();
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
        }
    }

    /**
     * The chunked upload of the distribution spec: PATCH ranges of the file, each to the Location the
     * previous answer gave, then PUT with the digest. Starts with 8 MiB chunks and halves them, in a new
     * session, while the registry answers 413.
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
                    if (!putBlob(repository, descriptor, location, RequestBody.EMPTY, scopes)) {
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
        private String patchAll(String location, long chunk) throws IOException {
            long size = Files.size(file);
            for (long offset = 0; offset < size; offset += chunk) {
                long length = Math.min(chunk, size - offset);
                try (Response patch = send(new Call("PATCH", location, scopes, "upload of " + descriptor.digest())
                        .body(new FileBody(file, offset, length, () -> Progress.NONE.start("chunk", length)))
                        .header("Content-Range", offset + "-" + (offset + length - 1)).closeMeansTooLarge())) {
                    if (patch.status() == 413) {
                        return null;
                    }
                    if (patch.status() != 202) {
                        requireSuccess(patch, "upload a chunk of blob " + descriptor.digest(), repository);
                    }
                    location = uploadLocation(patch, descriptor);
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
        try (Response response = send(new Call("PUT", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).body(RequestBody.bytes(mediaType, manifest)))) {
            requireSuccess(response, "push the manifest " + repository + ":" + reference, repository);
            Digest returned = headerDigest(response);
            return returned != null ? returned : Digest.sha256(manifest);
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
        try (Response response = send(new Call("PUT", "/v2/" + repository + "/manifests/" + reference, scopes,
                "manifest " + repository + ":" + reference).body(RequestBody.bytes(mediaType, manifest)))) {
            requireSuccess(response, "push the manifest " + repository + ":" + reference, repository);
            Digest returned = headerDigest(response);
            String subject = response.header("OCI-Subject");
            return new ReferrerPut(returned != null ? returned : Digest.sha256(manifest),
                    subject != null && !subject.isBlank());
        }
    }

    /** Checks that the registry answers and accepts the credential (GET /v2/). */
    public void checkLogin() throws IOException {
        try (Response response = send(new Call("GET", "/v2/", List.of(), "login check"))) {
            requireSuccess(response, "log in", null);
        }
    }

    /**
     * Opens a blob upload and cancels it at once (DELETE on its Location): proves push access without
     * storing anything. Returns the POST's status, 202 when pushing is allowed.
     */
    public int tryUpload(String repository) throws IOException {
        List<String> scopes = List.of(pushScope(repository));
        int status;
        String location;
        URI answeredBy;
        try (Response start = send(new Call("POST", "/v2/" + repository + "/blobs/uploads/", scopes, "push check")
                .body(RequestBody.EMPTY))) {
            status = start.status();
            location = start.header("Location");
            answeredBy = start.uri();
        }
        if (status == 202 && location != null) {
            try {
                // Best effort: distribution 2.8 answers 401 when the token lacks delete; the session then expires.
                URI cancel = Urls.resolveHttp(answeredBy, location, "the Location of the push check", registry);
                send(new Call("DELETE", cancel.toString(), scopes, "cancel of the push check")).close();
            } catch (IOException | ZeroImageException e) {
                // The answer to the POST already decided.
            }
        }
        return status;
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
        RequestBody body;
        boolean stream;
        boolean closeMeansTooLarge;
        int maxBody = MAX_SMALL_ANSWER;
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

        Call body(RequestBody value) {
            body = value;
            return this;
        }

        Call header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Call stream() {
            stream = true;
            return this;
        }

        /**
         * A large body whose connection breaks before all of it was sent counts as refused (413): proxies
         * with a body size limit answer 413 at once and close, and that answer is often lost to the reset.
         */
        Call closeMeansTooLarge() {
            closeMeansTooLarge = true;
            return this;
        }

        Call maxBody(int value) {
            maxBody = value;
            return this;
        }
    }

    private String baseUrl() {
        return scheme + "://" + apiHost;
    }

    private URI uri(String url) {
        try {
            return new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new ZeroImageException("Registry " + registry + ": cannot form a valid URL for the request ('"
                    + Urls.redact(url) + "'): check the image reference");
        }
    }

    private Response send(Call call) throws IOException {
        if (options.offline()) {
            throw new ZeroImageException("Cannot reach registry " + registry + " for the " + call.what
                    + ": Maven is offline (-o). Drop -o (a base image that was pulled once is then cached).");
        }
        boolean retriedAuth = false;
        int attempt = 0;
        long started = System.nanoTime();
        URI url = uri(call.target.startsWith("http") ? call.target : baseUrl() + call.target);
        int redirects = 0;
        // An upload Location may point elsewhere (storage front ends): credentials stay with the registry.
        boolean sameHost = Urls.hostAndPort(url).equals(Urls.hostAndPort(uri(baseUrl())));
        while (true) {
            attempt++;
            Response response;
            Activity upload = call.body != null && call.body.length() > LARGE_BODY ? new Activity() : null;
            try {
                response = execute(call, url, sameHost, upload);
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (options.isInsecure(registry) && scheme.equals("https") && sameHost) {
                    // An insecure registry that does not speak TLS (directly or through a proxy's CONNECT):
                    // fall back to plain HTTP, as Docker does.
                    scheme = "http";
                    url = uri(url.toString().replaceFirst("^https://", "http://"));
                    attempt--;
                    continue;
                }
                if (call.closeMeansTooLarge && upload != null && !upload.isBodySent()
                        && !(e instanceof java.net.http.HttpTimeoutException)) {
                    return Response.local(413, url);
                }
                if (isUnknownHost(e)) {
                    throw new ZeroImageException("Cannot reach registry " + registry + " for the " + call.what
                            + ": unknown host " + url.getHost() + ". Check the registry name (and the network/DNS).", e);
                }
                if (isTls(e)) {
                    throw new ZeroImageException("TLS with registry " + registry + " failed: " + Urls.describe(e)
                            + ". If it uses a private CA, add its certificate to caCertificates; if it is a test"
                            + " registry, list it in insecureRegistries.", e);
                }
                String reason = Urls.describe(e);
                Duration wait = retries.backoff(attempt);
                if (retries.allowsAnother(attempt, elapsed(started), wait, options.httpTimeout())) {
                    warnRetry(call, reason, wait, attempt);
                    sleep(wait);
                    continue;
                }
                throw new ZeroImageException("Cannot reach registry " + registry + " (" + Urls.redact(url) + ") for the "
                        + call.what + " after " + attempt + (attempt == 1 ? " attempt: " : " attempts: ") + reason, e);
            }
            int status = response.status();
            if (status == 401 && !retriedAuth && sameHost) {
                String challenge = response.header("WWW-Authenticate");
                response.close();
                authenticator.onUnauthorized(challenge, call.scopes, this::sendToTokenServer);
                retriedAuth = true;
                attempt--;
                continue;
            }
            String location = response.header("Location");
            if (status >= 300 && status < 400 && status != 304 && location != null && redirects < MAX_REDIRECTS) {
                response.close();
                URI next = Urls.resolveHttp(url, location, "a redirect (HTTP " + status + ") for the " + call.what,
                        registry);
                sameHost = sameHost && Urls.hostAndPort(next).equals(Urls.hostAndPort(url));
                url = next;
                redirects++;
                attempt--;
                continue;
            }
            if (status == 429 || status >= 500) {
                Duration asked = RetryPolicy.retryAfter(response.header("Retry-After"), ZonedDateTime.now());
                if (asked != null && asked.compareTo(retries.maxRetryAfter()) > 0) {
                    response.close();
                    throw new ZeroImageException("Registry " + registry + " answered HTTP " + status + " for the "
                            + call.what + " and asks to retry after " + asked.toSeconds() + " s (Retry-After), longer"
                            + " than the " + retries.maxRetryAfter().toSeconds() + " s zeroimage waits: try again later");
                }
                Duration wait = asked != null ? asked : retries.backoff(attempt);
                boolean again = asked != null ? retries.allowsAnotherAfterRetryAfter(attempt)
                        : retries.allowsAnother(attempt, elapsed(started), wait, options.httpTimeout());
                if (again) {
                    response.close();
                    warnRetry(call, "HTTP " + status + (asked != null ? " (Retry-After " + asked.toSeconds() + " s)" : ""),
                            wait, attempt);
                    sleep(wait);
                    continue;
                }
            }
            return response;
        }
    }

    private void warnRetry(Call call, String reason, Duration wait, int attempt) {
        options.warnings().accept("Registry " + registry + ": the " + call.what + " failed (" + reason + "); retrying in "
                + formatSeconds(wait) + " (attempt " + (attempt + 1) + " of " + retries.maxAttempts() + ")");
    }

    private static String formatSeconds(Duration wait) {
        return String.format(java.util.Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private Response execute(Call call, URI url, boolean sameHost, Activity upload) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).header("User-Agent", "zeroimage");
        call.headers.forEach(request::header);
        if (call.accept != null) {
            request.header("Accept", call.accept);
        }
        // Credentials go to the registry only, never to a storage host it redirects to.
        String authorization = sameHost ? authenticator.authorization(call.scopes) : null;
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (call.body != null && call.body.contentType() != null) {
            request.header("Content-Type", call.body.contentType());
        }
        request.method(call.method, call.body == null ? HttpRequest.BodyPublishers.noBody()
                : call.body.publisher(upload));
        return HttpAttempt.send(client(), request.build(), options.httpTimeout(), upload, call.stream, call.maxBody);
    }

    /** One request to a token server: its redirects are followed (with the same authorization, as before). */
    private Response sendToTokenServer(String method, URI uri, String authorization, RequestBody body)
            throws IOException {
        URI url = uri;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).header("User-Agent", "zeroimage");
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body != null && body.contentType() != null) {
                request.header("Content-Type", body.contentType());
            }
            request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body.publisher(null));
            Response response = HttpAttempt.send(client(), request.build(), options.httpTimeout(), null, false,
                    MAX_SMALL_ANSWER);
            String location = response.header("Location");
            if (response.status() / 100 != 3 || location == null || redirects >= MAX_REDIRECTS) {
                return response;
            }
            response.close();
            URI next = Urls.resolveHttp(url, location, "a redirect from its token server", registry);
            if (!Urls.hostAndPort(next).equals(Urls.hostAndPort(url))) {
                authorization = null;
            }
            url = next;
        }
    }

    private java.net.http.HttpClient client() {
        return options.transport().client(apiHost, !options.isInsecure(registry), options.httpTimeout());
    }

    private static boolean isUnknownHost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(Duration wait) throws InterruptedIOException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while waiting to retry");
        }
    }

    private Digest headerDigest(Response response) {
        String value = response.header("Docker-Content-Digest");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Digest.parse(value.trim());
        } catch (RuntimeException e) {
            throw new ZeroImageException("Registry " + registry + " sent an invalid Docker-Content-Digest header ('"
                    + value.trim() + "')");
        }
    }

    private void requireSuccess(Response response, String action, String repository) {
        if (response.status() / 100 == 2) {
            return;
        }
        throw failure(response, action, repository);
    }

    private ZeroImageException failure(Response response, String action, String repository) {
        int status = response.status();
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
    private static String errorDetail(Response response) {
        try {
            byte[] content = response.prefix(64 * 1024);
            if (content.length == 0) {
                return "";
            }
            JsonNode body = Json.mapper().readTree(content);
            StringBuilder detail = new StringBuilder();
            if (body != null && body.has("errors") && body.get("errors").isArray()) {
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
