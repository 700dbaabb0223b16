package dev.zeroimage.util;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An output that can take a file's bytes without them passing through the JVM: a file-backed stream
 * copies them in the kernel ({@link FileChannel#transferTo}). Copying a 38 MB layer that way into the
 * output tar takes half the time of a stream copy and no JIT-compiled loop (issue 16).
 */
public interface FileRegionSink {
    /** Writes {@code count} bytes of {@code source} from its start; fails if it has fewer. */
    void transferFrom(FileChannel source, long count) throws IOException;
}
