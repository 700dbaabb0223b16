package dev.zeroimage.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Proxy;

import java.net.InetSocketAddress;

/**
 * The active settings.xml proxy for a registry host. Without one the JVM's standard
 * {@code https.proxyHost}/{@code http.proxyHost} properties apply, as for any Java HTTP client.
 */
final class MavenProxies {
    private MavenProxies() {
    }

    static java.net.Proxy forHost(MavenSession session, String host) {
        if (session == null || session.getSettings() == null) {
            return null;
        }
        String hostName = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        for (Proxy proxy : session.getSettings().getProxies()) {
            if (!proxy.isActive() || isExcluded(proxy.getNonProxyHosts(), hostName)) {
                continue;
            }
            String protocol = proxy.getProtocol() == null ? "http" : proxy.getProtocol();
            if (protocol.equalsIgnoreCase("http") || protocol.equalsIgnoreCase("https")) {
                return new java.net.Proxy(java.net.Proxy.Type.HTTP,
                        InetSocketAddress.createUnresolved(proxy.getHost(), proxy.getPort()));
            }
        }
        return null;
    }

    /** nonProxyHosts: {@code |}-separated, {@code *} wildcards, as in http.nonProxyHosts. */
    static boolean isExcluded(String nonProxyHosts, String host) {
        if (nonProxyHosts == null || nonProxyHosts.isBlank()) {
            return false;
        }
        for (String pattern : nonProxyHosts.split("[|,]")) {
            String regex = pattern.trim().toLowerCase().replace(".", "\\.").replace("*", ".*");
            if (!regex.isEmpty() && host.toLowerCase().matches(regex)) {
                return true;
            }
        }
        return false;
    }
}
