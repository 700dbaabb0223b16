package dev.zeroimage.util;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reports the bytes read through it to a progress tracker, and finishes the task on close. */
public final class ProgressInputStream extends FilterInputStream {
    private final Progress.Tracker tracker;

    public ProgressInputStream(InputStream in, Progress.Tracker tracker) {
        super(in);
        this.tracker = tracker;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            tracker.advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            tracker.advance(n);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            tracker.finish();
        }
    }
}
