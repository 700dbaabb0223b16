package dev.zeroimage.registry;

import dev.zeroimage.image.Digest;
import dev.zeroimage.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The file body publisher: exact bytes in large buffers, hashed as they go, re-read for each subscriber. */
class FileRangePublisherTest {
    private static final int SIZE = 2 * FileRangePublisher.BUFFER_SIZE + 12_345;

    @TempDir
    Path dir;

    /** Collects what a publisher sends, asking for {@code batch} buffers at a time (from inside onNext too). */
    private static class Collector implements Flow.Subscriber<ByteBuffer> {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final long batch;
        Flow.Subscription subscription;
        int buffers;
        int largest;
        long outstanding;
        boolean completed;
        Throwable error;

        Collector(long batch) {
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            outstanding = batch;
            subscription.request(batch);
        }

        @Override
        public void onNext(ByteBuffer item) {
            buffers++;
            largest = Math.max(largest, item.remaining());
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.writeBytes(chunk);
            if (--outstanding == 0) {
                outstanding = batch;
                subscription.request(batch);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            error = throwable;
        }

        @Override
        public void onComplete() {
            completed = true;
        }
    }

    private static final class CountingTracker implements Progress.Tracker {
        final AtomicLong advanced = new AtomicLong();
        int finished;

        @Override
        public void advance(long bytes) {
            advanced.addAndGet(bytes);
        }

        @Override
        public void finish() {
            finished++;
        }
    }

    private byte[] content() {
        byte[] content = new byte[SIZE];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + (i >> 9));
        }
        return content;
    }

    @Test
    void sendsExactlyTheRangeInLargeBuffersAndTellsTheActivity() throws Exception {
        byte[] content = content();
        Path file = Files.write(dir.resolve("blob"), content);
        CountingTracker tracker = new CountingTracker();
        Activity activity = new Activity();
        FileRangePublisher publisher = new FileRangePublisher(file, 1000, SIZE - 2000, null, tracker, activity);
        Collector collector = new Collector(1);

        publisher.subscribe(collector);

        assertEquals(SIZE - 2000, publisher.contentLength());
        assertTrue(collector.completed);
        assertNull(collector.error);
        assertArrayEquals(Arrays.copyOfRange(content, 1000, SIZE - 1000), collector.bytes.toByteArray());
        assertEquals(3, collector.buffers, "two full buffers and the rest");
        assertEquals(FileRangePublisher.BUFFER_SIZE, collector.largest);
        assertEquals(SIZE - 2000, tracker.advanced.get());
        assertEquals(1, tracker.finished);
        assertTrue(activity.isBodySent());
    }

    @Test
    void aMatchingDigestSendsEverythingWhateverTheDemand() throws Exception {
        byte[] content = content();
        Path file = Files.write(dir.resolve("blob"), content);
        Collector collector = new Collector(Long.MAX_VALUE);

        new FileRangePublisher(file, 0, SIZE, Digest.sha256(content), new CountingTracker(), null).subscribe(collector);

        assertTrue(collector.completed);
        assertNull(collector.error);
        assertArrayEquals(content, collector.bytes.toByteArray());
    }

    @Test
    void bytesThatDoNotMatchTheDigestFailNamingTheFileAndTheLastBufferIsWithheld() throws Exception {
        byte[] content = content();
        Digest expected = Digest.sha256(content);
        content[SIZE / 2] ^= 1;
        Path file = Files.write(dir.resolve("damaged"), content);
        CountingTracker tracker = new CountingTracker();
        Activity activity = new Activity();
        Collector collector = new Collector(1);

        new FileRangePublisher(file, 0, SIZE, expected, tracker, activity).subscribe(collector);

        assertFalse(collector.completed);
        FileRangePublisher.SentBytesMismatch mismatch = assertInstanceOf(FileRangePublisher.SentBytesMismatch.class,
                collector.error);
        assertEquals(file, mismatch.file());
        assertEquals(Digest.sha256(content), mismatch.actual());
        assertTrue(mismatch.getMessage().contains(file.toString()), mismatch.getMessage());
        assertTrue(collector.bytes.size() < SIZE, "the receiver never gets the whole body");
        assertFalse(activity.isBodySent());
        assertEquals(1, tracker.finished);
    }

    @Test
    void eachSubscriberReadsFromTheStartSoARetrySendsTheSameBytes() throws Exception {
        byte[] content = content();
        Path file = Files.write(dir.resolve("blob"), content);
        FileRangePublisher publisher = new FileRangePublisher(file, 0, SIZE, Digest.sha256(content),
                new CountingTracker(), null);
        Collector first = new Collector(1) {
            @Override
            public void onNext(ByteBuffer item) {
                super.onNext(item);
                subscription.cancel(); // a failed attempt: gave up after the first buffer
            }
        };
        publisher.subscribe(first);
        Collector second = new Collector(2);
        publisher.subscribe(second);

        assertEquals(1, first.buffers);
        assertFalse(first.completed);
        assertNull(first.error, "a cancelled subscriber is not told of anything");
        assertTrue(second.completed);
        assertArrayEquals(content, second.bytes.toByteArray());
    }

    @Test
    void aFileShorterThanTheRangeFailsNamingIt() throws Exception {
        Path file = Files.write(dir.resolve("short"), new byte[100]);
        Collector collector = new Collector(1);

        new FileRangePublisher(file, 0, 200, null, new CountingTracker(), null).subscribe(collector);

        assertFalse(collector.completed);
        assertTrue(collector.error.getMessage().contains(file.toString()), collector.error.getMessage());
    }
}
