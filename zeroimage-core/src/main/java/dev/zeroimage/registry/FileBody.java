package dev.zeroimage.registry;

import com.google.api.client.http.AbstractInputStreamContent;
import dev.zeroimage.util.Progress;
import dev.zeroimage.util.ProgressInputStream;
import org.apache.commons.io.input.BoundedInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A byte range of a file as a request body, streamed and re-readable (a retry opens it again), with
 * its bytes reported to a progress tracker.
 */
final class FileBody extends AbstractInputStreamContent {
    private final Path file;
    private final long offset;
    private final long length;
    private final Supplier<Progress.Tracker> tracker;

    FileBody(Path file, long offset, long length, Supplier<Progress.Tracker> tracker) {
        super("application/octet-stream");
        this.file = file;
        this.offset = offset;
        this.length = length;
        this.tracker = tracker;
    }

    @Override
    public InputStream getInputStream() throws IOException {
        InputStream in = Files.newInputStream(file);
        in.skipNBytes(offset);
        InputStream range = BoundedInputStream.builder().setInputStream(in).setMaxCount(length).get();
        return new ProgressInputStream(range, tracker.get());
    }

    @Override
    public long getLength() {
        return length;
    }

    @Override
    public boolean retrySupported() {
        return true;
    }
}
