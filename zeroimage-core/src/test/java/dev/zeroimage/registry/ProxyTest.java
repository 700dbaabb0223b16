package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.testing.ExternalTools;
import dev.zeroimage.testing.TestRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pushes through an HTTP proxy (as configured from settings.xml): every request goes via the proxy. */
@Tag("real")
class ProxyTest {

    @Test
    void aPushGoesThroughTheConfiguredProxy(@TempDir Path dir) throws Exception {
        ExternalTools.require("docker-registry");
        ExternalTools.require("gcc");
        try (TestRegistry registry = TestRegistry.plainHttp(dir.resolve("registry"));
             // The proxy refuses CONNECT (no TLS tunnels) and forwards plain requests in absolute form.
             LoopbackHttpServer proxy = LoopbackHttpServer.forwarder(registry.port(), (index, request) ->
                     request.method().equals("CONNECT") ? LoopbackHttpServer.Response.of(405, Map.of())
                             : LoopbackHttpServer.Response.FORWARD)) {
            Path program = PushFixtures.compileStatic(dir, "app", "through a proxy");
            Image image = PushFixtures.build(new BlobStore(dir.resolve("cache")), program);
            Proxy httpProxy = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", proxy.port()));
            RegistryTransport transport = new RegistryTransport(List.of(),
                    host -> host.equals(registry.host()) ? httpProxy : null);
            RegistryOptions options = new RegistryOptions(transport, Set.of(registry.host()),
                    CredentialSource.ANONYMOUS, 3, Duration.ofMillis(20), false);

            new ImagePusher(options, message -> { }).push(image,
                    ImageReference.parse(registry.host() + "/proxied/app:1"), List.of(), null);

            PushFixtures.assertPushed(registry, "proxied/app:1", image);
            List<String> targets = proxy.requests().stream().map(LoopbackHttpServer.Request::target).toList();
            assertFalse(targets.isEmpty(), "no request went through the proxy");
            assertTrue(targets.stream().anyMatch(target -> target.startsWith("http://" + registry.host()
                    + "/v2/proxied/app/manifests/1")), "the manifest PUT went through the proxy: " + targets);
        }
    }
}
