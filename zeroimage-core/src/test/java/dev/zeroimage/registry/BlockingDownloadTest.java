package dev.zeroimage.registry;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blocking blob download: its body, its cancellation, and no header in any log at any level. */
class BlockingDownloadTest {
    private static final String SECRET = "Bearer s3cr3t-t0ken-never-logged";

    @Test
    void aDownloadStreamsTheBodyAndLogsNoHeaderEvenAtFinest() throws Exception {
        byte[] blob = new byte[3 * 1024 * 1024];
        new java.util.Random(7).nextBytes(blob);
        List<String> logged = Collections.synchronizedList(new ArrayList<>());
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record.getLoggerName() + " " + record.getMessage() + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        Level before = root.getLevel();
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
        try (FaultyServer server = FaultyServer.start((method, target, head, in, out) -> {
            head.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("authorization:"))
                    .forEach(authorizations::add);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + blob.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(blob);
            out.flush();
        })) {
            Response response = BlockingDownload.send(URI.create("http://" + server.host() + "/v2/x/blobs/sha256:1"),
                    Map.of("Authorization", SECRET), Duration.ofSeconds(5), null, RegistryTransport.defaults().tls(true));
            try (response; InputStream body = response.stream()) {
                assertEquals(200, response.status());
                assertEquals(String.valueOf(blob.length), response.header("content-length"));
                assertArrayEquals(blob, body.readAllBytes());
            }
        } finally {
            root.removeHandler(capture);
            root.setLevel(before);
        }
        assertEquals(List.of("Authorization: " + SECRET), authorizations, "the header reached the registry");
        for (String line : logged) {
            assertFalse(line.contains("s3cr3t"), "logged: " + line);
        }
    }

    @Test
    void aCancelledDownloadStopsAtItsNextReadNotWhenTheBodyEnds() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        try (FaultyServer server = FaultyServer.start((method, target, head, in, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            started.countDown();
            for (int i = 0; i < 1000; i++) { // 100 bytes every 20 ms: 20 s for the whole body
                out.write(new byte[100]);
                out.flush();
                Thread.sleep(20);
            }
        })) {
            CompletableFuture<Throwable> failure = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (Response response = BlockingDownload.send(URI.create("http://" + server.host() + "/v2/x/blobs/y"),
                        Map.of(), Duration.ofSeconds(30), null, RegistryTransport.defaults().tls(true))) {
                    response.stream().readAllBytes();
                    failure.complete(null);
                } catch (IOException | RuntimeException e) {
                    failure.complete(e);
                }
            });
            reader.start();
            assertTrue(started.await(10, TimeUnit.SECONDS));
            Thread.sleep(300);
            long interruptedAt = System.nanoTime();
            reader.interrupt(); // what BoundedParallel does to the siblings of a failed transfer
            Throwable thrown = failure.get(10, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt);
            assertInstanceOf(InterruptedIOException.class, thrown, String.valueOf(thrown));
            assertTrue(tookMillis < 2_000, "stopped " + tookMillis + " ms after the interrupt");
        }
    }
}
