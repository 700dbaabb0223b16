package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * HTTP clients for registries (the JDK's {@link HttpClient}, which logs nothing unless its own debug
 * properties are set; blob downloads use {@link BlockingDownload} with the same trust and proxy): one that verifies certificates against the JVM's trust store plus optional extra
 * PEM files, and one that does not (for registries the user lists as insecure). Clients are shared by
 * every request with the same trust, proxy and connect timeout, so connections are reused. The owner
 * (a goal's execution, a CLI command) closes the transport when it is done, which stops the clients'
 * threads ({@link HttpClientShutdown}).
 */
public final class RegistryTransport implements AutoCloseable {
    private final KeyStore trustStore;
    private final Function<String, Proxy> proxyForHost;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final Map<Boolean, SSLContext> sslContexts = new ConcurrentHashMap<>();
    /** Insecure registries (host[:port]) found to speak plain HTTP: later clients skip the HTTPS attempt. */
    private final Set<String> plainHttpHosts = ConcurrentHashMap.newKeySet();

    /**
     * @param proxyForHost the proxy for a registry host, or null for none (then the JVM's standard
     *                     https.proxyHost / http.proxyHost properties apply)
     */
    public RegistryTransport(List<Path> caCertificates, Function<String, Proxy> proxyForHost) {
        try {
            this.trustStore = caCertificates == null || caCertificates.isEmpty() ? null : trustStore(caCertificates);
        } catch (GeneralSecurityException e) {
            throw new ZeroImageException("Cannot set up TLS for registries: " + e.getMessage(), e);
        }
        this.proxyForHost = proxyForHost == null ? host -> null : proxyForHost;
    }

    public static RegistryTransport defaults() {
        return new RegistryTransport(List.of(), null);
    }

    /** The client for {@code host} (host[:port]): its proxy, certificate checks on or off, a connect timeout. */
    HttpClient client(String host, boolean verifyCertificates, Duration connectTimeout) {
        Proxy proxy = proxyForHost.apply(host);
        return clients.computeIfAbsent(verifyCertificates + "|" + proxy + "|" + connectTimeout.toMillis(), key -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    // HTTP/1.1 like every registry client: no h2c upgrade headers that confuse proxies.
                    .version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(connectTimeout)
                    .sslContext(sslContext(verifyCertificates));
            Proxy http = httpProxy(proxy);
            builder.proxy(http == null ? ProxySelector.getDefault() : ProxySelector.of((InetSocketAddress) http.address()));
            return builder.build();
        });
    }

    /** TLS for a blocking download ({@link BlockingDownload}): the same trust as this transport's clients. */
    record Tls(SSLSocketFactory socketFactory, boolean verifyHostNames) {
    }

    Tls tls(boolean verifyCertificates) {
        return new Tls(sslContext(verifyCertificates).getSocketFactory(), verifyCertificates);
    }

    /** The proxy configured for {@code host}, or null: then the JVM's default proxy selection applies. */
    Proxy proxy(String host) {
        return httpProxy(proxyForHost.apply(host));
    }

    /** An HTTP proxy with its address resolved, or null for anything else (the JVM's default selection). */
    private static Proxy httpProxy(Proxy proxy) {
        if (proxy == null || proxy.type() != Proxy.Type.HTTP || !(proxy.address() instanceof InetSocketAddress address)) {
            return null;
        }
        return address.isUnresolved()
                ? new Proxy(Proxy.Type.HTTP, new InetSocketAddress(address.getHostString(), address.getPort())) : proxy;
    }

    /** True once a request to {@code host} (an insecure registry) fell back from HTTPS to plain HTTP. */
    boolean speaksPlainHttp(String host) {
        return plainHttpHosts.contains(host);
    }

    /**
     * Remembers that the insecure registry at {@code host} does not speak TLS, so that every other client
     * of this transport (each source of an index, the push) starts with HTTP instead of paying another
     * failed TLS handshake (issue 16).
     */
    void rememberPlainHttp(String host) {
        plainHttpHosts.add(host);
    }

    /**
     * Stops every client made so far, closing their connections; a later request makes new ones. Call it
     * when the goal or command has finished with registries, not while a transfer is still running.
     */
    @Override
    public void close() {
        for (HttpClient client : clients.values()) {
            HttpClientShutdown.stop(client);
        }
        clients.clear();
    }

    private SSLContext sslContext(boolean verifyCertificates) {
        return sslContexts.computeIfAbsent(verifyCertificates, this::newSslContext);
    }

    private SSLContext newSslContext(boolean verifyCertificates) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (!verifyCertificates) {
                context.init(null, new TrustManager[]{new TrustingAll()}, new SecureRandom());
            } else if (trustStore != null) {
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trustStore);
                context.init(null, factory.getTrustManagers(), new SecureRandom());
            } else {
                return SSLContext.getDefault();
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new ZeroImageException("Cannot set up TLS for registries: " + e.getMessage(), e);
        }
    }

    /**
     * For insecure registries only: accepts any certificate and any host name (an extended trust manager
     * is asked instead of the JDK's host name check).
     */
    private static final class TrustingAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The JVM's default trust anchors plus the given PEM certificates. */
    private static KeyStore trustStore(List<Path> pemFiles) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        int alias = 0;
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof javax.net.ssl.X509TrustManager x509) {
                for (X509Certificate certificate : x509.getAcceptedIssuers()) {
                    store.setCertificateEntry("jvm-" + alias++, certificate);
                }
            }
        }
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        for (Path pem : pemFiles) {
            try (InputStream in = Files.newInputStream(pem)) {
                var found = certificates.generateCertificates(in);
                if (found.isEmpty()) {
                    // An empty or wrong file would otherwise be ignored, and TLS fail later with no hint why.
                    throw new GeneralSecurityException("the file holds no certificate");
                }
                for (Certificate certificate : found) {
                    store.setCertificateEntry("extra-" + alias++, certificate);
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new ZeroImageException("Cannot read the CA certificate " + pem + " (caCertificates): "
                        + e.getMessage() + ". Give PEM files (-----BEGIN CERTIFICATE-----).", e);
            }
        }
        return store;
    }
}
