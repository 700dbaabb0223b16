package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends calls to one registry until they have a final answer: the offline guard, HTTPS → HTTP fallback
 * for insecure registries, bounded retries ({@link RetryPolicy}), the 401 handshake and redirects that
 * never carry credentials to another host.
 */
final class RequestLoop {
    private static final int MAX_REDIRECTS = 5;
    /** Bodies larger than this are uploads: their limit is "no progress for httpTimeout", not a deadline. */
    private static final long LARGE_BODY = 256 * 1024;

    /** Reads what it needs from an answer; the loop closes the answer afterwards. */
    @FunctionalInterface
    interface Handler<T> {
        T handle(Response response) throws IOException;
    }

    private final String registry;
    private final String apiHost;
    private final RegistryOptions options;
    private final RetryPolicy retries;
    private final RegistryAuthenticator authenticator;
    private volatile String scheme = "https";

    RequestLoop(String registry, String apiHost, RegistryOptions options, RegistryAuthenticator authenticator) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.options = options;
        this.retries = RetryPolicy.of(options);
        this.authenticator = authenticator;
    }

    /** Sends the call and hands its final answer to {@code handler}, closing the answer in every case. */
    <T> T exchange(RegistryCall call, Handler<T> handler) throws IOException {
        try (Response response = send(call)) {
            return handler.handle(response);
        }
    }

    /** Sends the call; the caller closes the answer (for streamed bodies that outlive this call). */
    Response send(RegistryCall call) throws IOException {
        if (options.offline() && call.scopes != null && call.scopes.stream().anyMatch(scope -> scope.endsWith(",push"))) {
            throw new ZeroImageException("Cannot push to registry " + registry + " (the " + call.what + "): pushing"
                    + " needs the network, and offline mode is on. Turn offline mode off to push.");
        }
        if (options.offline()) {
            throw new ZeroImageException("Cannot reach registry " + registry + " for the " + call.what
                    + ": offline mode is on. Turn it off (a base image that was pulled once is then cached).");
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
            // Credentials go to the registry only, never to a storage host it redirects to.
            String authorization = sameHost ? authenticator.authorization(call.scopes) : null;
            try {
                response = execute(call, url, authorization, upload);
            } catch (IOException e) {
                if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (options.isInsecure(registry) && "https".equals(url.getScheme()) && sameHost) {
                    // An insecure registry that does not speak TLS (directly or through a proxy's CONNECT):
                    // fall back to plain HTTP, as Docker does.
                    scheme = "http";
                    options.transport().rememberPlainHttp(apiHost);
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

    private String baseUrl() {
        if ("https".equals(scheme) && options.isInsecure(registry) && options.transport().speaksPlainHttp(apiHost)) {
            scheme = "http"; // another client of this transport found it out already
        }
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

    private void warnRetry(RegistryCall call, String reason, Duration wait, int attempt) {
        options.warnings().accept("Registry " + registry + ": the " + call.what + " failed (" + reason + "); retrying in "
                + formatSeconds(wait) + " (attempt " + (attempt + 1) + " of " + retries.maxAttempts() + ")");
    }

    private static String formatSeconds(Duration wait) {
        return String.format(java.util.Locale.ROOT, "%.1f s", wait.toMillis() / 1000.0);
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private Response execute(RegistryCall call, URI url, String authorization, Activity upload) throws IOException {
        if (call.stream && "GET".equals(call.method) && call.body == null) {
            return download(call, url, authorization);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(url);
        headers(call, authorization).forEach(request::header);
        request.method(call.method, call.body == null ? HttpRequest.BodyPublishers.noBody()
                : call.body.publisher(upload));
        return HttpAttempt.send(client(), request.build(), options.httpTimeout(), upload, call.stream, call.maxBody);
    }

    /** A blob download: the same request, sent over a blocking connection ({@link BlockingDownload}). */
    private Response download(RegistryCall call, URI url, String authorization) throws IOException {
        Map<String, String> headers = headers(call, authorization);
        headers.putIfAbsent("Accept", "*/*"); // else HttpURLConnection sends its own list
        RegistryTransport transport = options.transport();
        return BlockingDownload.send(url, headers, options.httpTimeout(), transport.proxy(apiHost),
                transport.tls(!options.isInsecure(registry)));
    }

    /** The headers of a registry call, whichever client sends it. */
    private static Map<String, String> headers(RegistryCall call, String authorization) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", "zeroimage");
        headers.putAll(call.headers);
        if (call.accept != null) {
            headers.put("Accept", call.accept);
        }
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (call.body != null && call.body.contentType() != null) {
            headers.put("Content-Type", call.body.contentType());
        }
        return headers;
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
                    RegistryCall.MAX_SMALL_ANSWER);
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
}
