package dev.zeroimage.util;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Reports the bytes that pass through to a progress tracker. */
public final class ProgressOutputStream extends FilterOutputStream {
    private final Progress.Tracker tracker;

    public ProgressOutputStream(OutputStream out, Progress.Tracker tracker) {
        super(out);
        this.tracker = tracker;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        tracker.advance(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        tracker.advance(len);
    }
}
