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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny HTTP/1.1 server on a loopback port, written on a plain {@link ServerSocket} so tests control
 * every byte: one request per connection (answered with {@code Connection: close}), a handler that
 * answers, drops the connection, or forwards the request to an upstream port (the test registry).
 * A TLS ClientHello (what RegistryClient sends first to an insecure registry) is answered with plain
 * HTTP, as a plain-HTTP registry does, so the client falls back to http; such probes are counted apart
 * and never reach the handler.
 */
final class LoopbackHttpServer implements AutoCloseable {
    /** One request as received. Header names are lower case. */
    record Request(String method, String target, Map<String, String> headers, byte[] body, long receivedNanos) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What to do with a request. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        /** Close the connection without answering. */
        static final Response DROP = new Response(-1, Map.of(), new byte[0]);
        /** Pass the request on to the upstream port and relay its answer. */
        static final Response FORWARD = new Response(-2, Map.of(), new byte[0]);
        /** Pass the request on, let the upstream answer, then close the connection without relaying the answer. */
        static final Response FORWARD_THEN_DROP = new Response(-3, Map.of(), new byte[0]);

        static Response of(int status, Map<String, String> headers, byte[] body) {
            return new Response(status, headers, body);
        }

        static Response of(int status, Map<String, String> headers) {
            return new Response(status, headers, new byte[0]);
        }
    }

    @FunctionalInterface
    interface Handler {
        /** @param index 0-based number of this request among those that reached the handler */
        Response handle(int index, Request request) throws IOException;
    }

    /** One request and what was done with it (the status sent, or -1 dropped, -2 forwarded, -3 forwarded then dropped). */
    record Exchange(Request request, int outcome) {
    }

    private final ServerSocket server;
    private final Handler handler;
    private final int upstreamPort;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "loopback-http");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger requestCount = new AtomicInteger();
    private final AtomicInteger tlsProbes = new AtomicInteger();
    private volatile boolean closed;

    private LoopbackHttpServer(Handler handler, int upstreamPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.handler = handler;
        this.upstreamPort = upstreamPort;
        threads.execute(this::acceptLoop);
    }

    /** A server answering with {@code handler}. */
    static LoopbackHttpServer start(Handler handler) throws IOException {
        return new LoopbackHttpServer(handler, -1);
    }

    /** A forwarder to {@code 127.0.0.1:upstreamPort}; {@code handler} may answer or drop instead of forwarding. */
    static LoopbackHttpServer forwarder(int upstreamPort, Handler handler) throws IOException {
        return new LoopbackHttpServer(handler, upstreamPort);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    String host() {
        return "127.0.0.1:" + port();
    }

    List<Exchange> exchanges() {
        synchronized (exchanges) {
            return List.copyOf(exchanges);
        }
    }

    List<Request> requests() {
        return exchanges().stream().map(Exchange::request).toList();
    }

    int tlsProbes() {
        return tlsProbes.get();
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
            try {
                threads.execute(() -> serve(socket));
            } catch (RuntimeException e) {
                closeQuietly(socket);
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            in.mark(1);
            int first = in.read();
            if (first < 0) {
                return;
            }
            in.reset();
            if (first == 0x16) {
                tlsProbes.incrementAndGet();
                // What a plain-HTTP server answers to a TLS ClientHello: the client sees no TLS record.
                writeResponse(out, "GET", Response.of(400, Map.of()));
                // Close gracefully (FIN, not RST for unread ClientHello bytes): the client must see our bytes.
                socket.shutdownOutput();
                socket.setSoTimeout(2000);
                in.transferTo(OutputStream.nullOutputStream());
                return;
            }
            Request request = readRequest(in);
            if (request == null) {
                return;
            }
            int index = requestCount.getAndIncrement();
            Response response = handler.handle(index, request);
            if (response == Response.DROP) {
                exchanges.add(new Exchange(request, -1));
                return;
            }
            if (response == Response.FORWARD || response == Response.FORWARD_THEN_DROP) {
                exchanges.add(new Exchange(request, response.status()));
                forward(request, response == Response.FORWARD ? out : OutputStream.nullOutputStream());
                return;
            }
            exchanges.add(new Exchange(request, response.status()));
            writeResponse(out, request.method(), response);
        } catch (IOException e) {
            // the client went away
        }
    }

    private void forward(Request request, OutputStream out) throws IOException {
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            upstream.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder();
            head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
            for (Map.Entry<String, String> header : request.headers().entrySet()) {
                String name = header.getKey();
                if (name.equals("connection") || name.equals("content-length") || name.equals("transfer-encoding")
                        || name.equals("keep-alive")) {
                    continue;
                }
                head.append(name).append(": ").append(header.getValue()).append("\r\n");
            }
            if (request.body().length > 0 || request.headers().containsKey("content-length")) {
                head.append("content-length: ").append(request.body().length).append("\r\n");
            }
            head.append("connection: close\r\n\r\n");
            // Read the answer while sending: the registry may answer early (a 404 for a finished upload)
            // and close without reading a large body, and that answer must still reach the client.
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    upstream.getInputStream().transferTo(answer);
                } catch (IOException e) {
                    // whatever arrived before the reset is relayed
                }
            }, "loopback-http-upstream");
            reader.setDaemon(true);
            reader.start();
            try {
                OutputStream up = upstream.getOutputStream();
                up.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                up.write(request.body());
                up.flush();
            } catch (IOException e) {
                // the upstream stopped reading: it has answered already
            }
            try {
                reader.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // The upstream closes after its answer (connection: close): relay everything.
            answer.writeTo(out);
            out.flush();
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length < 3) {
            return null;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        byte[] body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = readChunked(in);
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = new byte[0];
        }
        return new Request(parts[0], parts[1], headers, body, System.nanoTime());
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = readLine(in);
            if (sizeLine == null) {
                throw new IOException("truncated chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
                    // ignore trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine(in);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    private static void writeResponse(OutputStream out, String method, Response response) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
                .append(reason(response.status())).append("\r\n");
        for (Map.Entry<String, String> header : response.headers().entrySet()) {
            head.append(header.getKey()).append(": ").append(header.getValue()).append("\r\n");
        }
        head.append("Content-Length: ").append(response.body().length).append("\r\n");
        head.append("Connection: close\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (!method.equals("HEAD")) {
            out.write(response.body());
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 307 -> "Temporary Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
