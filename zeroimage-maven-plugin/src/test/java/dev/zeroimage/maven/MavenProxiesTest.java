package dev.zeroimage.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Proxy;
import org.apache.maven.settings.Settings;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenProxiesTest {

    @SuppressWarnings("deprecation")
    private static MavenSession sessionWith(Proxy... proxies) {
        Settings settings = new Settings();
        for (Proxy proxy : proxies) {
            settings.addProxy(proxy);
        }
        return new MavenSession(null, settings, null, null, null, null, null, null, null, new java.util.Date());
    }

    private static Proxy proxy(String id, boolean active, String protocol, String host, int port, String nonProxyHosts) {
        Proxy proxy = new Proxy();
        proxy.setId(id);
        proxy.setActive(active);
        proxy.setProtocol(protocol);
        proxy.setHost(host);
        proxy.setPort(port);
        proxy.setNonProxyHosts(nonProxyHosts);
        return proxy;
    }

    @Test
    void theActiveProxyIsUsedUnlessTheHostIsExcluded() {
        MavenSession session = sessionWith(
                proxy("off", false, "https", "unused.example", 1, null),
                proxy("corp", true, "https", "proxy.corp.example", 3128, "*.internal|localhost"));
        java.net.Proxy chosen = MavenProxies.forHost(session, "ghcr.io");
        InetSocketAddress address = (InetSocketAddress) chosen.address();
        assertEquals("proxy.corp.example", address.getHostString());
        assertEquals(3128, address.getPort());
        assertNull(MavenProxies.forHost(session, "registry.internal:5000"), "nonProxyHosts wildcard, port ignored");
        assertNull(MavenProxies.forHost(session, "localhost:5000"));
    }

    @Test
    void noProxiesMeansTheJvmDefaults() {
        assertNull(MavenProxies.forHost(sessionWith(), "ghcr.io"));
        assertNull(MavenProxies.forHost(null, "ghcr.io"));
    }

    @Test
    void nonProxyHostPatterns() {
        assertTrue(MavenProxies.isExcluded("*.example.com|10.*", "reg.example.com"));
        assertTrue(MavenProxies.isExcluded("*.example.com|10.*", "10.1.2.3"));
        assertFalse(MavenProxies.isExcluded("*.example.com", "example.org"));
        assertFalse(MavenProxies.isExcluded(null, "ghcr.io"));
    }
}
