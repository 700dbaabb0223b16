package dev.zeroimage.registry;

import dev.zeroimage.util.Progress;
import dev.zeroimage.util.ProgressInputStream;
import org.apache.commons.io.input.BoundedInputStream;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A byte range of a file as a request body, streamed and re-readable (a retry opens it again), with
 * its bytes reported to a progress tracker and to the transfer's {@link Activity}.
 */
final class FileBody implements RequestBody {
    private final Path file;
    private final long offset;
    private final long length;
    private final Supplier<Progress.Tracker> tracker;

    FileBody(Path file, long offset, long length, Supplier<Progress.Tracker> tracker) {
        this.file = file;
        this.offset = offset;
        this.length = length;
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
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return open(activity);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }), length);
    }

    private InputStream open(Activity activity) throws IOException {
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(offset);
        InputStream range = BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
        InputStream counted = new ProgressInputStream(range, tracker.get());
        return activity == null ? counted : new FilterInputStream(counted) {
            private long read;

            @Override
            public int read(byte[] buffer, int off, int len) throws IOException {
                int n = super.read(buffer, off, len);
                activity.touch();
                read += Math.max(n, 0);
                if (n < 0 || read >= length) {
                    activity.bodySent();
                }
                return n;
            }
        };
    }
}
