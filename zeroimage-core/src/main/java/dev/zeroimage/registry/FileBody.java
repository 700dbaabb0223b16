package dev.zeroimage.registry;

import dev.zeroimage.image.Digest;
import dev.zeroimage.util.Progress;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A byte range of a file as a request body, streamed and re-readable (a retry reads it again from its
 * start), with its bytes reported to a progress tracker and to the transfer's {@link Activity}; when
 * the expected digest is known, checked while it is sent ({@link FileRangePublisher}).
 */
final class FileBody implements RequestBody {
    private final Path file;
    private final long offset;
    private final long length;
    private final Digest expected;
    private final Supplier<Progress.Tracker> tracker;

    FileBody(Path file, long offset, long length, Supplier<Progress.Tracker> tracker) {
        this(file, offset, length, null, tracker);
    }

    /** @param expected the digest the range must hash to, or null not to check it */
    FileBody(Path file, long offset, long length, Digest expected, Supplier<Progress.Tracker> tracker) {
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.expected = expected;
        this.tracker = tracker;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public String contentType() {
        return "application/octet-stream";
    }

    @Override
    public HttpRequest.BodyPublisher publisher(Activity activity) {
        if (length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        return new FileRangePublisher(file, offset, length, expected, tracker.get(), activity);
    }
}
