package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.MediaType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A registry that misbehaves (never answers, trickles, stalls a download, garbage from the token
 * server, a bad Location, a long Retry-After) against a client with httpTimeout = 2 s and 3 attempts:
 * each ends within httpTimeout × attempts, with the product's own error naming the registry, and no
 * upload session token in any message. Loopback only, JDK only.
 */
class RegistryFaultInjectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final int ATTEMPTS = 3;
    /** httpTimeout × attempts, plus slack for a loaded machine. */
    private static final long BOUND_MILLIS = TIMEOUT.toMillis() * ATTEMPTS + 3_000;
    private static final byte[] CONFIG = "{\"config\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final Descriptor CONFIG_DESCRIPTOR = new Descriptor(MediaType.OCI_CONFIG, Digest.sha256(CONFIG),
            CONFIG.length);

    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private RegistryClient client(String host) throws Exception {
        RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(host),
                CredentialSource.ANONYMOUS, ATTEMPTS, Duration.ofMillis(10), false).withHttpTimeout(TIMEOUT, warnings::add);
        return new RegistryClient(host, host, options);
    }

    /** Runs {@code action}, which must fail with a ZeroImageException within the bound; returns it. */
    private static ZeroImageException failsInTime(Executable action) {
        long start = System.nanoTime();
        ZeroImageException e = assertTimeoutPreemptively(Duration.ofMillis(BOUND_MILLIS + 5_000),
                () -> assertThrows(ZeroImageException.class, action));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < BOUND_MILLIS, "took " + millis + " ms: " + e.getMessage());
        return e;
    }

    @Test
    void aRegistryThatAcceptsAndNeverAnswersFailsWithinTheTimeoutTimesTheAttempts() throws Exception {
        try (FaultyServer silent = FaultyServer.start((method, target, head, in, out) -> stallForever())) {
            ZeroImageException e = failsInTime(() -> client(silent.host()).fetchManifest("f/silent", "1"));

            assertTrue(e.getMessage().startsWith("Cannot reach registry " + silent.host()), e.getMessage());
            assertTrue(e.getMessage().contains("no answer within 2 s"), e.getMessage());
            assertTrue(silent.requests() >= 2, "retried: " + silent.requests());
            assertTrue(silent.requests() <= ATTEMPTS, "bounded: " + silent.requests());
            assertFalse(warnings.isEmpty(), "each retry is logged");
            assertTrue(warnings.get(0).contains(silent.host()) && warnings.get(0).contains("no answer within 2 s")
                    && warnings.get(0).contains("retrying in"), warnings::toString);
        }
    }

    @Test
    void aRegistryThatTricklesOneByteAtATimeHitsTheDeadlineOfTheExchange() throws Exception {
        try (FaultyServer trickle = FaultyServer.start((method, target, head, in, out) -> {
            byte[] answer = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            for (int i = 0; ; i++) {
                out.write(i < answer.length ? answer[i] : 'x');
                out.flush();
                Thread.sleep(300);
            }
        })) {
            ZeroImageException e = failsInTime(() -> client(trickle.host()).fetchManifest("f/trickle", "1"));

            assertTrue(e.getMessage().startsWith("Cannot reach registry " + trickle.host()), e.getMessage());
            assertTrue(e.getMessage().contains("manifest f/trickle:1"), e.getMessage());
        }
    }

    @Test
    void aDownloadThatStallsFailsNamingTheBlobAndTheRegistry() throws Exception {
        byte[] blob = new byte[1000];
        Descriptor descriptor = new Descriptor(MediaType.OCI_LAYER_GZIP, Digest.sha256(blob), blob.length);
        try (FaultyServer stalling = FaultyServer.start((method, target, head, in, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + blob.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(blob, 0, 10);
            out.flush();
            stallForever();
        })) {
            IOExceptionHolder holder = new IOExceptionHolder();
            assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
                try (InputStream in = client(stalling.host()).openBlob("f/stall", descriptor)) {
                    in.readAllBytes();
                } catch (java.io.IOException e) {
                    holder.failure = e;
                }
            });

            assertTrue(holder.failure != null, "the stalled download must fail");
            String message = holder.failure.getMessage();
            assertTrue(message.contains(descriptor.digest().toString()), message);
            assertTrue(message.contains(stalling.host()), message);
            assertTrue(message.contains("after 10 bytes"), message);
            assertTrue(message.contains("no data arrived for 2 s"), message);
        }
    }

    private static final class IOExceptionHolder {
        java.io.IOException failure;
    }

    @Test
    void aTokenServerAnsweringGarbageIsNamed() throws Exception {
        for (String answer : List.of("<html>proxy error</html>", "{\"token\": 42}", "[]", "")) {
            try (FaultyServer registry = FaultyServer.start((method, target, head, in, out) -> {
                if (target.startsWith("/token")) {
                    FaultyServer.answer(out, 200, "Content-Type: text/html\r\n", answer.getBytes(StandardCharsets.UTF_8));
                } else {
                    FaultyServer.answer(out, 401, "WWW-Authenticate: Bearer realm=\"http://" + localHost(head)
                            + "/token\",service=\"faulty\"\r\n", new byte[0]);
                }
            })) {
                ZeroImageException e = failsInTime(() -> client(registry.host()).fetchManifest("f/token", "1"));

                String realm = "http://" + registry.host() + "/token";
                assertTrue(e.getMessage().contains("token server " + realm + " of registry " + registry.host()),
                        e.getMessage());
                assertTrue(e.getMessage().contains(answer.startsWith("<") ? "answered non-JSON" : "without a token"),
                        answer + ": " + e.getMessage());
            }
        }
    }

    @Test
    void aTokenRealmThatIsNotAnHttpUrlIsRefused() throws Exception {
        for (String realm : List.of("file:///etc/passwd", "ftp://127.0.0.1/token", "http://bad host/token", "/token")) {
            try (FaultyServer registry = FaultyServer.start((method, target, head, in, out) ->
                    FaultyServer.answer(out, 401, "WWW-Authenticate: Bearer realm=\"" + realm + "\"\r\n", new byte[0]))) {
                ZeroImageException e = failsInTime(() -> client(registry.host()).fetchManifest("f/realm", "1"));

                assertTrue(e.getMessage().contains("Registry " + registry.host()), e.getMessage());
                assertTrue(e.getMessage().contains("realm"), e.getMessage());
            }
        }
    }

    @Test
    void aBadUploadLocationIsTheProductsErrorAndHidesTheSessionToken() throws Exception {
        for (String location : List.of("/v2/f/up/blobs/uploads/a b?_state=SeCrEtStAtE", "file:///etc/passwd?_state=SeCrEtStAtE",
                "ftp://127.0.0.1/upload?_state=SeCrEtStAtE")) {
            try (FaultyServer registry = FaultyServer.start((method, target, head, in, out) ->
                    FaultyServer.answer(out, 202, "Location: " + location + "\r\n", new byte[0]))) {
                ZeroImageException e = failsInTime(() -> client(registry.host()).uploadBlob("f/up", CONFIG_DESCRIPTOR,
                        CONFIG, List.of(RegistryClient.pushScope("f/up"))));

                assertTrue(e.getMessage().contains("Registry " + registry.host()), e.getMessage());
                assertTrue(e.getMessage().contains("Location"), e.getMessage());
                assertFalse(e.getMessage().contains("SeCrEtStAtE"), e.getMessage());
            }
        }
    }

    @Test
    void anUnreachableUploadLocationIsReportedWithoutItsSessionToken() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = socket.getLocalPort();
        }
        String location = "http://127.0.0.1:" + deadPort + "/v2/f/up/blobs/uploads/1?_state=SeCrEtStAtE";
        try (FaultyServer registry = FaultyServer.start((method, target, head, in, out) ->
                FaultyServer.answer(out, 202, "Location: " + location + "\r\n", new byte[0]))) {
            ZeroImageException e = failsInTime(() -> client(registry.host()).uploadBlob("f/up", CONFIG_DESCRIPTOR,
                    CONFIG, List.of(RegistryClient.pushScope("f/up"))));

            assertTrue(e.getMessage().contains("Cannot reach registry " + registry.host()), e.getMessage());
            assertTrue(e.getMessage().contains("127.0.0.1:" + deadPort + "/v2/f/up/blobs/uploads/1"), e.getMessage());
            assertFalse(e.getMessage().contains("SeCrEtStAtE"), e.getMessage());
            assertFalse(warnings.isEmpty());
            assertTrue(warnings.stream().noneMatch(w -> w.contains("SeCrEtStAtE")), warnings::toString);
        }
    }

    @Test
    void aRetryAfterLongerThanAMinuteFailsAtOnceNamingTheRegistry() throws Exception {
        try (FaultyServer busy = FaultyServer.start((method, target, head, in, out) ->
                FaultyServer.answer(out, 429, "Retry-After: 120\r\n", new byte[0]))) {
            ZeroImageException e = failsInTime(() -> client(busy.host()).fetchManifest("f/busy", "1"));

            assertTrue(e.getMessage().contains("Registry " + busy.host()), e.getMessage());
            assertTrue(e.getMessage().contains("Retry-After"), e.getMessage());
            assertTrue(e.getMessage().contains("120 s"), e.getMessage());
            assertEquals(1, busy.requests());
        }
    }

    @Test
    void aRetryAfterWithinAMinuteIsHonouredAndLogged() throws Exception {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        try (FaultyServer busy = FaultyServer.start((method, target, head, in, out) -> {
            if (count.getAndIncrement() == 0) {
                FaultyServer.answer(out, 503, "Retry-After: 1\r\n", new byte[0]);
            } else {
                FaultyServer.answer(out, 404, "", new byte[0]);
            }
        })) {
            long start = System.nanoTime();
            assertFalse(client(busy.host()).hasBlob("f/busy", CONFIG_DESCRIPTOR.digest(), List.of()));
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(millis >= 900, "waited " + millis + " ms");
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("HTTP 503") && warnings.get(0).contains("retrying in 1.0 s"),
                    warnings::toString);
        }
    }

    @Test
    void anUploadTheServerStopsReadingFailsAfterNoProgressForTheTimeout(@TempDir Path dir) throws Exception {
        Path file = randomFile(dir, 32 * 1024 * 1024);
        Descriptor descriptor = new Descriptor(MediaType.OCI_LAYER_GZIP, sha256(file), Files.size(file));
        try (FaultyServer registry = FaultyServer.start((method, target, head, in, out) -> {
            if (method.equals("POST")) {
                FaultyServer.answer(out, 202, "Location: /upload/1?_state=SeCrEtStAtE\r\n", new byte[0]);
            } else {
                stallForever();     // never reads the body
            }
        })) {
            ZeroImageException e = failsInTime(() -> client(registry.host()).uploadBlob("f/stalled", descriptor, file,
                    List.of(RegistryClient.pushScope("f/stalled"))));

            assertTrue(e.getMessage().startsWith("Cannot reach registry " + registry.host()), e.getMessage());
            assertTrue(e.getMessage().contains("no progress for 2 s"), e.getMessage());
            assertTrue(e.getMessage().contains("upload of " + descriptor.digest()), e.getMessage());
            assertFalse(e.getMessage().contains("SeCrEtStAtE"), e.getMessage());
        }
    }

    @Test
    void aProxyThatAnswers413EarlyAndClosesGetsTheBlobInChunks(@TempDir Path dir) throws Exception {
        int limit = 1024 * 1024;
        Path file = randomFile(dir, 3 * limit + 12345);
        Descriptor descriptor = new Descriptor(MediaType.OCI_LAYER_GZIP, sha256(file), Files.size(file));
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        java.util.concurrent.atomic.AtomicInteger largeBodies = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger patches = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> stored = new java.util.concurrent.atomic.AtomicReference<>();
        // A registry behind a proxy with a 1 MiB body limit: the proxy answers 413 as soon as it sees a larger
        // Content-Length and closes the connection without reading the body.
        try (FaultyServer registry = FaultyServer.start((method, target, head, in, out) -> {
            long length = contentLength(head);
            if (length > limit) {
                largeBodies.incrementAndGet();
                FaultyServer.answer(out, 413, "", new byte[0]);
                return;
            }
            byte[] body = FaultyServer.body(head, in);
            if (method.equals("POST")) {
                synchronized (received) {
                    received.reset();
                }
                FaultyServer.answer(out, 202, "Location: /upload/1?_state=s\r\n", new byte[0]);
            } else if (method.equals("PATCH")) {
                patches.incrementAndGet();
                synchronized (received) {
                    received.write(body);
                }
                FaultyServer.answer(out, 202, "Location: /upload/1?_state=s\r\n", new byte[0]);
            } else if (method.equals("PUT")) {
                synchronized (received) {
                    received.write(body);
                    stored.set(Digest.sha256(received.toByteArray()).toString());
                }
                FaultyServer.answer(out, 201, "Docker-Content-Digest: " + stored.get() + "\r\n", new byte[0]);
            } else {
                FaultyServer.answer(out, 404, "", new byte[0]);
            }
        })) {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> client(registry.host()).uploadBlob("f/early",
                    descriptor, file, List.of(RegistryClient.pushScope("f/early"))));

            assertEquals(descriptor.digest().toString(), stored.get(), "the chunks add up to the blob");
            // The whole blob, then 8, 4 and 2 MiB chunks are refused once each; 1 MiB chunks go through.
            assertEquals(4, largeBodies.get(), "a refused body is not sent again: " + largeBodies.get() + " " + warnings);
            assertEquals(4, patches.get());
            assertTrue(warnings.isEmpty(), warnings::toString);
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return 0;
    }

    private static Path randomFile(Path dir, int size) throws Exception {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        return Files.write(dir.resolve("blob-" + size), bytes);
    }

    private static Digest sha256(Path file) throws Exception {
        return Digest.sha256(Files.readAllBytes(file));
    }

    @Test
    void anUnknownHostFailsAtOnceWithoutRetries() throws Exception {
        String host = "no-such-registry.invalid";
        RegistryOptions options = new RegistryOptions(RegistryTransport.defaults(), Set.of(),
                CredentialSource.ANONYMOUS, 5, Duration.ofSeconds(5), false).withHttpTimeout(TIMEOUT, warnings::add);

        long start = System.nanoTime();
        ZeroImageException e = assertThrows(ZeroImageException.class,
                () -> new RegistryClient(host, host, options).fetchManifest("f/x", "1"));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(e.getMessage().contains("unknown host " + host), e.getMessage());
        assertTrue(warnings.isEmpty(), warnings::toString);
        assertTrue(millis < 4_500, "an unknown host was retried (5 s backoff): " + millis + " ms");
    }

    private static String localHost(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("host:")) {
                return line.substring(5).trim();
            }
        }
        throw new IllegalStateException("no Host header");
    }

    private static void stallForever() throws InterruptedException {
        Thread.sleep(60_000);
    }
}
