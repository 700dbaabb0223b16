package dev.zeroimage.registry;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import dev.zeroimage.ZeroImageException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.HttpHost;
import org.apache.http.conn.ssl.NoopHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.ssl.SSLContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * HTTP transports for registries: one that verifies certificates against the JVM's trust store plus
 * optional extra PEM files, and one that does not (for registries the user lists as insecure).
 */
public final class RegistryTransport {
    private final KeyStore trustStore;
    private final Function<String, Proxy> proxyForHost;
    private final Map<String, HttpTransport> transports = new ConcurrentHashMap<>();

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

    /**
     * A transport that can send PATCH (for chunked uploads), with the same trust and proxy settings.
     * The JDK transport used for everything else cannot: HttpURLConnection refuses the method.
     */
    HttpTransport patchTransport(String host, boolean verifyCertificates) {
        Proxy proxy = proxyForHost.apply(host);
        return transports.computeIfAbsent("patch|" + verifyCertificates + "|" + proxy, key -> {
            try {
                HttpClientBuilder builder = ApacheHttpTransport.newDefaultHttpClientBuilder();
                if (!verifyCertificates) {
                    SSLContext trustAll = SSLContexts.custom().loadTrustMaterial(null, (chain, type) -> true).build();
                    builder.setSSLSocketFactory(new SSLConnectionSocketFactory(trustAll, NoopHostnameVerifier.INSTANCE));
                } else if (trustStore != null) {
                    SSLContext trusting = SSLContexts.custom().loadTrustMaterial(trustStore, null).build();
                    builder.setSSLSocketFactory(new SSLConnectionSocketFactory(trusting));
                }
                if (proxy != null && proxy.address() instanceof InetSocketAddress address) {
                    builder.setProxy(new HttpHost(address.getHostString(), address.getPort()));
                }
                return new ApacheHttpTransport(builder.build());
            } catch (GeneralSecurityException e) {
                throw new ZeroImageException("Cannot set up TLS for registries: " + e.getMessage(), e);
            }
        });
    }

    HttpTransport transport(String host, boolean verifyCertificates) {
        Proxy proxy = proxyForHost.apply(host);
        return transports.computeIfAbsent(verifyCertificates + "|" + proxy, key -> {
            NetHttpTransport.Builder builder = new NetHttpTransport.Builder().setProxy(proxy);
            try {
                if (!verifyCertificates) {
                    builder.doNotValidateCertificate();
                } else if (trustStore != null) {
                    builder.trustCertificates(trustStore);
                }
            } catch (GeneralSecurityException e) {
                throw new ZeroImageException("Cannot set up TLS for registries: " + e.getMessage(), e);
            }
            return builder.build();
        });
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
