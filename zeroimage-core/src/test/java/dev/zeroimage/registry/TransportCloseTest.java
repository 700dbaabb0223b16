package dev.zeroimage.registry;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closing a transport ends its HTTP clients' selector threads (a thread left waiting in native code holds
 * up the JVM's exit by 300 ms), on JDK 17 (interrupt) and on JDK 21+ (shutdownNow) alike; CI runs the
 * unit tests under both.
 */
class TransportCloseTest {

    @Test
    void closingStopsTheSelectorThreadOfEveryClient() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            RegistryTransport transport = RegistryTransport.defaults();
            HttpClient verifying = transport.client("127.0.0.1", true, Duration.ofSeconds(5));
            HttpClient insecure = transport.client("127.0.0.1", false, Duration.ofSeconds(5));
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v2/");
            List<Thread> selectors = new java.util.ArrayList<>();
            for (HttpClient client : List.of(verifying, insecure)) {
                assertEquals(200, client.send(HttpRequest.newBuilder(uri).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
                Thread selector = selectorThread(client);
                assertTrue(selector.isAlive(), "a used client has a selector thread");
                selectors.add(selector);
            }

            transport.close();

            for (Thread selector : selectors) {
                selector.join(5_000);
                assertFalse(selector.isAlive(), selector.getName() + " still runs after close()");
            }
            // A transport closed early is not broken: the next request gets a new client.
            assertNotSame(verifying, transport.client("127.0.0.1", true, Duration.ofSeconds(5)));
            transport.close();
        } finally {
            server.stop(0);
        }
    }

    /** The JDK names it HttpClient-<id>-SelectorManager, the id being the one toString() ends with. */
    private static Thread selectorThread(HttpClient client) {
        Matcher id = Pattern.compile("\\((\\d+)\\)$").matcher(client.toString());
        assertTrue(id.find(), "client id in " + client);
        String name = "HttpClient-" + id.group(1) + "-SelectorManager";
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> name.equals(thread.getName()))
                .findFirst().orElseThrow(() -> new AssertionError("no thread " + name));
    }
}
