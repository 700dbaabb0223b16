package dev.zeroimage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;

/**
 * One HTTP answer: status, headers and either the body read in full (small answers, up to a cap) or a
 * stream of it (blob downloads). Closing releases the connection.
 */
final class Response implements AutoCloseable {
    private final int status;
    private final URI uri;
    private final HttpHeaders headers;
    private final byte[] body;
    private final InputStream stream;

    Response(int status, URI uri, HttpHeaders headers, byte[] body, InputStream stream) {
        this.status = status;
        this.uri = uri;
        this.headers = headers;
        this.body = body;
        this.stream = stream;
    }

    /** An answer made up locally (no connection behind it). */
    static Response local(int status, URI uri) {
        return new Response(status, uri, HttpHeaders.of(java.util.Map.of(), (name, value) -> true), new byte[0], null);
    }

    int status() {
        return status;
    }

    /** Where the request went. */
    URI uri() {
        return uri;
    }

    /** The first value of a header, or null. */
    String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    /** The body read in full (empty for a streamed answer). */
    byte[] body() {
        return body == null ? new byte[0] : body;
    }

    /** The body as a stream (the full body, for an answer read in full). */
    InputStream stream() {
        return stream != null ? stream : new java.io.ByteArrayInputStream(body());
    }

    /** At most {@code max} bytes of the body, for error details; never fails. */
    byte[] prefix(int max) {
        if (body != null) {
            return body.length <= max ? body : java.util.Arrays.copyOf(body, max);
        }
        try {
            return stream.readNBytes(max);
        } catch (IOException | RuntimeException e) {
            return new byte[0];
        }
    }

    String contentType() {
        String value = header("Content-Type");
        return value == null ? null : value.split(";")[0].trim();
    }

    @Override
    public void close() {
        if (stream != null) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // releasing anyway
            }
        }
    }
}
