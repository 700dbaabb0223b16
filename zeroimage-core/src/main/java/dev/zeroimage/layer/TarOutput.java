package dev.zeroimage.layer;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import dev.zeroimage.util.FileRegionSink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes a tar byte for byte as commons-compress's {@link TarArchiveOutputStream} does (same headers,
 * PAX records included, same padding, the same two end records), but passes entry contents to the
 * stream below in the caller's chunks. {@code TarArchiveOutputStream} cuts every write into 512-byte
 * records and sends each through four stream layers: for a 100 MB executable that is 200,000 calls,
 * slow while the JVM is fresh and then a C2 compile job that takes CPU from the compressors (issue 16).
 *
 * <p>Headers still come from commons-compress: each is written by a throw-away
 * {@code TarArchiveOutputStream} with the same settings, so long and non-ASCII names and big numbers
 * get exactly the records they always got.
 */
public final class TarOutput {
    private static final int RECORD_SIZE = 512;
    /** The end: two zero records. TarArchiveOutputStream's default block is one record, so no block padding. */
    private static final byte[] ZEROS = new byte[2 * RECORD_SIZE];

    private final OutputStream out;
    private final boolean paxHeadersForNonAsciiNames;
    private final OutputStream content = new EntryContent();
    private long written;
    private long remaining = -1; // bytes the open entry still needs; -1: no entry open
    private String entryName;

    /** {@code paxHeadersForNonAsciiNames} as {@link TarArchiveOutputStream#setAddPaxHeadersForNonAsciiNames}. */
    public TarOutput(OutputStream out, boolean paxHeadersForNonAsciiNames) {
        this.out = out;
        this.paxHeadersForNonAsciiNames = paxHeadersForNonAsciiNames;
    }

    /** Starts an entry: its header is written, and then exactly its size in content bytes must follow. */
    public void putEntry(TarArchiveEntry entry) throws IOException {
        if (remaining >= 0) {
            throw new IllegalStateException("tar entry " + entryName + " is still open");
        }
        byte[] header = header(entry);
        out.write(header);
        written += header.length;
        entryName = entry.getName();
        remaining = entry.isDirectory() ? 0 : entry.getSize();
    }

    /**
     * Where the open entry's content goes; it refuses more bytes than the header announced, and it is a
     * {@link FileRegionSink}, so a file can be copied in without passing through the JVM.
     */
    public OutputStream content() {
        return content;
    }

    /** Ends the open entry, padding its content to whole records. */
    public void closeEntry() throws IOException {
        if (remaining != 0) {
            throw new IOException(remaining < 0 ? "no tar entry is open"
                    : "tar entry " + entryName + " is " + remaining + " bytes short of the size in its header");
        }
        padToRecord();
        remaining = -1;
    }

    /** Writes the two end records and flushes; the stream below stays open. */
    public void finish() throws IOException {
        if (remaining >= 0) {
            throw new IllegalStateException("tar entry " + entryName + " is still open");
        }
        out.write(ZEROS);
        written += ZEROS.length;
        out.flush();
    }

    private void padToRecord() throws IOException {
        int padding = (int) ((RECORD_SIZE - written % RECORD_SIZE) % RECORD_SIZE);
        out.write(ZEROS, 0, padding);
        written += padding;
    }

    private byte[] header(TarArchiveEntry entry) throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream(RECORD_SIZE);
        TarArchiveOutputStream headerWriter = new TarArchiveOutputStream(header);
        headerWriter.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        headerWriter.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        headerWriter.setAddPaxHeadersForNonAsciiNames(paxHeadersForNonAsciiNames);
        headerWriter.putArchiveEntry(entry);
        // commons-compress writes each 512-byte record as soon as it is full; if a version ever held
        // them back, this must fail rather than write a tar without headers.
        if (header.size() == 0 || header.size() % RECORD_SIZE != 0) {
            throw new IllegalStateException("commons-compress held back the tar header of " + entry.getName());
        }
        return header.toByteArray();
    }

    /** The open entry's content; a file region goes on to the stream below in the kernel when it can take one. */
    private final class EntryContent extends OutputStream implements FileRegionSink {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            reserve(len);
            out.write(b, off, len);
            written += len;
            remaining -= len;
        }

        @Override
        public void transferFrom(FileChannel source, long count) throws IOException {
            if (!(out instanceof FileRegionSink sink)) {
                copy(source, count);
                return;
            }
            reserve(count);
            sink.transferFrom(source, count);
            written += count;
            remaining -= count;
        }

        private void copy(FileChannel source, long count) throws IOException {
            ByteBuffer buffer = ByteBuffer.allocate(128 * 1024);
            for (long done = 0; done < count; ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), count - done));
                int n = source.read(buffer, done);
                if (n <= 0) {
                    throw new IOException("only " + done + " of " + count + " bytes could be read from " + source);
                }
                write(buffer.array(), 0, n);
                done += n;
            }
        }

        private void reserve(long count) throws IOException {
            if (count > remaining) {
                throw new IOException(remaining < 0 ? "no tar entry is open"
                        : "tar entry " + entryName + " would get more bytes than the size in its header");
            }
        }
    }
}
