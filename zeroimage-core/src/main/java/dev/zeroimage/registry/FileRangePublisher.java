package dev.zeroimage.registry;

import dev.zeroimage.image.Digest;
import dev.zeroimage.util.Progress;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A byte range of a file as a request body, read straight from its channel in large buffers (the JDK's
 * {@code ofInputStream} publisher hands 16 KiB at a time across threads, which cost a push of 100 MB
 * several times skopeo's time, issue 16). Each subscription reads the range anew from its start, so a
 * retry sends the same bytes. When an expected digest is given the bytes are hashed as they are sent,
 * and if they do not hash to it the last buffer is withheld and the body fails with a
 * {@link SentBytesMismatch}: the registry never gets a complete blob, and the file is read only once.
 */
final class FileRangePublisher implements HttpRequest.BodyPublisher {
    /** Large enough that a 100 MB body is a few hundred hand-offs; a few are in flight at most. */
    static final int BUFFER_SIZE = 512 * 1024;

    /** What the sending saw instead of the expected digest. */
    static final class SentBytesMismatch extends dev.zeroimage.ZeroImageException {
        private final transient Path file;
        private final transient Digest actual;

        SentBytesMismatch(Path file, Digest expected, Digest actual) {
            super("The file " + file + " should hold " + expected + " but its bytes hash to " + actual);
            this.file = file;
            this.actual = actual;
        }

        Path file() {
            return file;
        }

        Digest actual() {
            return actual;
        }
    }

    private final Path file;
    private final long offset;
    private final long length;
    private final Digest expected;
    private final Progress.Tracker tracker;
    private final Activity activity;

    /**
     * @param expected the digest of the whole range, or null not to hash it
     * @param activity told of every buffer handed out, and when the last one was; may be null
     */
    FileRangePublisher(Path file, long offset, long length, Digest expected, Progress.Tracker tracker,
                       Activity activity) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.expected = expected;
        this.tracker = tracker;
        this.activity = activity;
    }

    @Override
    public long contentLength() {
        return length;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
        Reading reading = new Reading(subscriber);
        subscriber.onSubscribe(reading);
    }

    /**
     * One pass over the range. Demand and cancellation may arrive on any thread and from inside
     * {@code onNext}; a work counter makes one thread at a time read and emit (no recursion, no overlap).
     */
    private final class Reading implements Flow.Subscription {
        private final Flow.Subscriber<? super ByteBuffer> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicInteger work = new AtomicInteger();
        private volatile boolean cancelled;
        private boolean done;
        private FileChannel channel;
        private MessageDigest hash;
        private long sent;

        Reading(Flow.Subscriber<? super ByteBuffer> subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                cancelled = true;
                drain(new IllegalArgumentException("non-positive request: " + n));
                return;
            }
            demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            drain(null);
        }

        @Override
        public void cancel() {
            cancelled = true;
            drain(null);
        }

        private void drain(Throwable misuse) {
            if (work.getAndIncrement() != 0) {
                return;
            }
            do {
                if (!done) {
                    if (misuse != null) {
                        finish(misuse);
                    } else if (cancelled) {
                        finish(null);
                    } else {
                        emit();
                    }
                }
            } while (work.decrementAndGet() != 0);
        }

        private void emit() {
            try {
                while (demand.get() > 0 && !cancelled && !done) {
                    ByteBuffer buffer = read();
                    demand.decrementAndGet();
                    boolean last = sent == length;
                    if (last && hash != null) {
                        Digest actual = new Digest(expected.algorithm(), HexFormat.of().formatHex(hash.digest()));
                        if (!actual.equals(expected)) {
                            finish(new SentBytesMismatch(file, expected, actual));
                            return;
                        }
                    }
                    tracker.advance(buffer.remaining());
                    if (activity != null) {
                        activity.touch();
                        if (last) {
                            activity.bodySent();
                        }
                    }
                    subscriber.onNext(buffer);
                    if (last) {
                        finish(null);
                        subscriber.onComplete();
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                finish(e);
            }
        }

        /** The next buffer of the range, full unless it is the last; hashed when a digest is expected. */
        private ByteBuffer read() throws IOException {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
                hash = expected == null ? null : newDigest(expected);
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, length - sent));
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + sent + buffer.position()) < 0) {
                    throw new IOException("The file " + file + " ended after " + (sent + buffer.position())
                            + " of " + length + " bytes while it was sent (was it changed or truncated meanwhile?)");
                }
            }
            buffer.flip();
            if (hash != null) {
                hash.update(buffer.duplicate());
            }
            sent += buffer.remaining();
            return buffer;
        }

        /** Releases the file; with a failure, the subscriber is told (cancelled subscribers are not). */
        private void finish(Throwable failure) {
            done = true;
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // read-only: nothing was lost
            }
            tracker.finish();
            if (failure != null && !cancelled || failure instanceof IllegalArgumentException) {
                subscriber.onError(failure);
            }
        }
    }

    private static MessageDigest newDigest(Digest expected) {
        try {
            return MessageDigest.getInstance("sha512".equals(expected.algorithm()) ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
