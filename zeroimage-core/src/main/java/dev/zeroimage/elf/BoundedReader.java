package dev.zeroimage.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Positional reads from a file that refuse, as a corrupt-file error, anything outside the file or
 * larger than a cap, so that no field of a hostile file can cause a huge allocation or a long read.
 */
final class BoundedReader {
    /** No single read is larger than this, whatever the caller asks. */
    static final int MAX_READ = 1 << 20;

    private final FileChannel channel;
    private final Path file;
    private final long size;
    private ByteOrder order = ByteOrder.BIG_ENDIAN;

    BoundedReader(FileChannel channel, Path file) throws IOException {
        this.channel = channel;
        this.file = file;
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    /** Sets the byte order of the buffers returned from now on (from EI_DATA). */
    void order(ByteOrder order) {
        this.order = order;
    }

    /** True when {@code [offset, offset + length)} lies inside the file. */
    boolean inFile(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
    }

    /**
     * Reads exactly {@code length} bytes at {@code offset}; {@code what} names the structure for the
     * error message. The returned buffer is positioned at 0 and uses the current byte order.
     */
    ByteBuffer read(long offset, long length, String what) throws IOException {
        if (length < 0 || length > MAX_READ) {
            throw corrupt(what + " has an impossible size of " + Long.toUnsignedString(length) + " bytes");
        }
        if (!inFile(offset, length)) {
            throw corrupt(what + " (" + length + " bytes at offset " + Long.toUnsignedString(offset)
                    + ") lies outside the file, which has " + size + " bytes");
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length).order(order);
        while (buffer.hasRemaining()) {
            // The file may shrink while we read it: treat an early end like a truncated file.
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                throw corrupt(what + " ends beyond the end of the file (was it truncated while being read?)");
            }
        }
        return buffer.flip();
    }

    /** Reads up to {@code max} bytes at {@code offset}, fewer when the file ends first. */
    ByteBuffer readUpTo(long offset, int max, String what) throws IOException {
        if (offset < 0 || offset >= size) {
            throw corrupt(what + " at offset " + Long.toUnsignedString(offset)
                    + " lies outside the file, which has " + size + " bytes");
        }
        return read(offset, Math.min(max, size - offset), what);
    }

    NotAnExecutableException corrupt(String detail) {
        return corrupt(file, detail);
    }

    static NotAnExecutableException corrupt(Path file, String detail) {
        return new NotAnExecutableException(file, file + " is a truncated or corrupt ELF file: " + detail
                + ". Rebuild it, or check that it was copied completely");
    }
}
