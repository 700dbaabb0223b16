package dev.zeroimage.registry;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A misbehaving HTTP server on a loopback port, on a plain {@link ServerSocket}: each connection's
 * request head is read and handed to a {@link Behaviour} that may answer, trickle, stall or close at
 * will. A TLS ClientHello is answered like a plain-HTTP server does (so an insecure-registry client falls
 * back to http at once). Every connection is closed, and every thread stopped, by {@link #close()}.
 */
final class FaultyServer implements AutoCloseable {
    /** What to do with one request. {@code head} is the request line and headers. */
    @FunctionalInterface
    interface Behaviour {
        void serve(String method, String target, String head, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Behaviour behaviour;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "faulty-http");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private volatile boolean closed;

    private FaultyServer(Behaviour behaviour) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.behaviour = behaviour;
        threads.execute(this::acceptLoop);
    }

    static FaultyServer start(Behaviour behaviour) throws IOException {
        return new FaultyServer(behaviour);
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Plain-HTTP requests received (TLS probes not counted). */
    int requests() {
        return requests.get();
    }

    /** Sends a complete answer with {@code Connection: close}. */
    static void answer(OutputStream out, int status, String headers, byte[] body) throws IOException {
        out.write(("HTTP/1.1 " + status + " Status\r\n" + headers + "Content-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Waits until the server is closed (a peer that accepted and never answers). */
    void stall() throws InterruptedException {
        while (!closed) {
            Thread.sleep(50);
        }
    }

    /** Sleeps {@code millis}, or less if the server is closed meanwhile; false when closed. */
    boolean pause(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!closed && System.currentTimeMillis() < end) {
            Thread.sleep(10);
        }
        return !closed;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                return;
            }
            threads.execute(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                return;
            }
            in.reset();
            if (first == 0x16) {
                answer(out, 400, "", new byte[0]);
                socket.shutdownOutput();
                return;
            }
            String head = readHead(in);
            String[] line = head.split("\r\n", 2)[0].split(" ");
            if (line.length < 2) {
                return;
            }
            requests.incrementAndGet();
            behaviour.serve(line[0], line[1], head, in, out);
        } catch (Exception e) {
            // the client went away, or the server was closed
        }
    }

    /** The body of a request whose head declares a Content-Length (else none). */
    static byte[] body(String head, InputStream in) throws IOException {
        for (String header : head.split("\r\n")) {
            if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return in.readNBytes(Integer.parseInt(header.substring(header.indexOf(':') + 1).trim()));
            }
        }
        return new byte[0];
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' || b == '\n') ? matched + 1 : 0;
            if (head.size() > 64 * 1024) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
