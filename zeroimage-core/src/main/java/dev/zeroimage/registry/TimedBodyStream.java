package dev.zeroimage.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an InputStream whose reads give up, rather than hang, when no data arrives for
 * {@code idle}, or (once {@link #deadline} is set) when the whole body has not arrived in time. The
 * JDK's own body streams block without a limit. A few buffer batches are requested ahead.
 */
final class TimedBodyStream extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();
    /**
     * Batches asked for ahead of the reader (each a few 16 KiB buffers): asking for one only after the
     * last was read makes every 16 KiB a thread hand-off, which on a busy machine capped downloads at
     * a few MB/s (issue 16). Eight keep memory bounded and the socket busy.
     */
    private static final int PREFETCH = 8;
    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Duration idle;
    private volatile Flow.Subscription subscription;
    private volatile long deadlineNanos;
    private boolean hasDeadline;
    private Iterator<ByteBuffer> batch;
    private ByteBuffer buffer;
    private boolean ended;
    private boolean closed;

    TimedBodyStream(Duration idle) {
        this.idle = idle;
    }

    /** From now on the rest of the body must arrive by {@code deadlineNanos} ({@link System#nanoTime()}). */
    void deadline(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
        this.hasDeadline = true;
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(PREFETCH);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable throwable) {
        queue.add(throwable);
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer current = nextBuffer();
        if (current == null) {
            return -1;
        }
        int n = Math.min(length, current.remaining());
        current.get(target, offset, n);
        return n;
    }

    private ByteBuffer nextBuffer() throws IOException {
        if (closed) {
            throw new IOException("stream closed");
        }
        while (buffer == null || !buffer.hasRemaining()) {
            if (batch != null && batch.hasNext()) {
                buffer = batch.next();
                continue;
            }
            if (ended) {
                return null;
            }
            batch = null;
            Object item = take();
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof Throwable failure) {
                ended = true;
                throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
            }
            // One batch taken, one more asked for: the client keeps reading while this one is consumed.
            subscription.request(1);
            @SuppressWarnings("unchecked")
            List<ByteBuffer> buffers = (List<ByteBuffer>) item;
            batch = buffers.iterator();
        }
        return buffer;
    }

    private Object take() throws IOException {
        long wait = hasDeadline ? deadlineNanos - System.nanoTime() : idle.toNanos();
        Object item;
        try {
            item = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel();
            throw new java.io.InterruptedIOException("interrupted while reading the answer");
        }
        if (item == null) {
            cancel();
            ended = true;
            throw new HttpTimeoutException(hasDeadline ? "the answer did not arrive in full within the time limit"
                    : "no data arrived for " + idle.toSeconds() + " s");
        }
        return item;
    }

    private void cancel() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (!ended) {
                cancel();
            }
        }
    }
}
