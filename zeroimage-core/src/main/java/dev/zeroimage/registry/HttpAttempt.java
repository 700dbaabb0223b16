package dev.zeroimage.registry;

import dev.zeroimage.ZeroImageException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request and waits for its answer, never longer than the timeout: a small exchange must end
 * (headers and body) within it; an upload or download fails when it makes no progress for that long.
 */
final class HttpAttempt {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private HttpAttempt() {
    }

    /**
     * @param upload     for a large request body: its progress (the wait is then for no progress), else null
     * @param stream     true to hand the body out as a stream that fails after {@code timeout} without data
     * @param maxBody    otherwise, how much of the body to read (the rest is dropped)
     */
    static Response send(HttpClient client, HttpRequest request, Duration timeout, Activity upload, boolean stream,
                         int maxBody) throws IOException {
        long start = System.nanoTime();
        long limit = timeout.toNanos();
        TimedBodyStream body = new TimedBodyStream(timeout);
        CompletableFuture<HttpResponse<java.io.InputStream>> future = client.sendAsync(request, info -> body);
        HttpResponse<java.io.InputStream> response;
        try {
            while (true) {
                long waited = upload != null ? upload.idleNanos() : System.nanoTime() - start;
                long remaining = limit - waited;
                if (remaining <= 0) {
                    future.cancel(true);
                    throw new HttpTimeoutException(upload != null
                            ? "no progress for " + timeout.toSeconds() + " s" : "no answer within " + timeout.toSeconds() + " s");
                }
                try {
                    response = future.get(upload != null ? Math.min(remaining, POLL_NANOS) : remaining,
                            TimeUnit.NANOSECONDS);
                    break;
                } catch (TimeoutException e) {
                    // check the limit again
                }
            }
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + request.uri().getHost());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ZeroImageException failure) {
                throw failure; // the body's own verdict (a damaged file): no retry can change it
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException(cause == null ? "request failed" : cause.toString(), cause);
        }
        if (stream) {
            return new Response(response.statusCode(), request.uri(), response.headers(), null, body);
        }
        // The whole exchange has one deadline (after an upload: the answer must follow within the timeout).
        body.deadline(upload != null ? System.nanoTime() + limit : start + limit);
        try (body) {
            byte[] content = body.readNBytes(maxBody);
            return new Response(response.statusCode(), request.uri(), response.headers(), content, null);
        }
    }
}
