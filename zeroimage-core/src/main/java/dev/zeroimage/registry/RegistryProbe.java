package dev.zeroimage.registry;

import dev.zeroimage.image.ImageReference;
import dev.zeroimage.util.WarmUp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Contacts the registry a build will push to while the build is still busy building (issue 16): one
 * unauthenticated {@code GET /v2/} through the transport the push will use. The push then finds the
 * connection open in the client's pool (DNS, TCP and TLS done) and, for an insecure registry without
 * TLS, already knows to speak plain HTTP. Measured: about a tenth of a second off a push to loopback;
 * to a remote registry it also hides a round trip and a handshake (not measured here: no network).
 *
 * <p>Sends no credentials, makes one attempt, retries nothing and reports nothing: whatever goes wrong
 * is left to the push to meet and report.
 */
public final class RegistryProbe {
    private RegistryProbe() {
    }

    /** Probes on a background thread. */
    public static void start(RegistryOptions options, ImageReference target) {
        WarmUp.start("zeroimage-registry-probe", () -> probe(options, target));
    }

    /** The probe itself, on the caller's thread; nothing is sent when the options are offline. */
    static void probe(RegistryOptions options, ImageReference target) throws IOException, InterruptedException {
        if (options.offline()) {
            return;
        }
        String host = target.apiHost();
        boolean insecure = options.isInsecure(target.registry());
        HttpClient client = options.transport().client(host, !insecure, options.httpTimeout());
        try {
            ping(client, URI.create("https://" + host + "/v2/"), options);
        } catch (IOException tlsFailed) {
            if (!insecure) {
                throw tlsFailed;
            }
            // As RequestLoop does for an insecure registry, but remembered only once plain HTTP answers:
            // a registry that was merely slow to answer over TLS must not be downgraded by a probe.
            ping(client, URI.create("http://" + host + "/v2/"), options);
            options.transport().rememberPlainHttp(host);
        }
    }

    private static void ping(HttpClient client, URI uri, RegistryOptions options)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("User-Agent", "zeroimage")
                .timeout(options.httpTimeout()).GET().build();
        client.send(request, HttpResponse.BodyHandlers.discarding()); // any status: the connection is what counts
    }
}
