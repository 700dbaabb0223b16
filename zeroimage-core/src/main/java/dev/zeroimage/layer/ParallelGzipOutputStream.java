package dev.zeroimage.layer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A gzip stream compressed on all cores, in the way pigz does it: the input is cut into fixed-size
 * blocks, each block is deflated on its own thread with the previous block's last 32 KiB as preset
 * dictionary and ends with a sync flush, and the pieces are written in order. The result is one
 * ordinary gzip member. Block size and the header are fixed, so the bytes do not depend on the
 * number of threads or the machine's clock.
 *
 * <p>Memory stays bounded: at most {@code threads + 1} blocks are in flight.
 */
public final class ParallelGzipOutputStream extends OutputStream {
    static final int BLOCK_SIZE = 1 << 20;
    private static final int DICTIONARY_SIZE = 32 * 1024;
    /** gzip header: magic, deflate, no flags, mtime 0, no extra flags, OS "unknown" (255). */
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 255};

    private final OutputStream out;
    private final int level;
    private final ExecutorService executor;
    private final int maxInFlight;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private byte[] block = new byte[BLOCK_SIZE];
    private int blockLength;
    private byte[] dictionary;
    private long totalIn;
    private boolean closed;

    public ParallelGzipOutputStream(OutputStream out, int level) {
        this(out, level, Runtime.getRuntime().availableProcessors());
    }

    public ParallelGzipOutputStream(OutputStream out, int level, int threads) {
        this.out = out;
        this.level = level;
        int workers = Math.max(1, threads);
        this.executor = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "zeroimage-gzip");
            thread.setDaemon(true);
            return thread;
        });
        // One block waiting per worker keeps every core busy; more would only hold memory.
        this.maxInFlight = workers + 1;
        try {
            out.write(HEADER);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        totalIn += len;
        while (len > 0) {
            int n = Math.min(len, BLOCK_SIZE - blockLength);
            System.arraycopy(b, off, block, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == BLOCK_SIZE) {
                submitBlock(false);
            }
        }
    }

    private void submitBlock(boolean last) throws IOException {
        byte[] input = block;
        int length = blockLength;
        byte[] preset = dictionary;
        dictionary = Arrays.copyOfRange(input, Math.max(0, length - DICTIONARY_SIZE), length);
        inFlight.add(executor.submit(() -> deflate(input, length, preset, last)));
        block = new byte[BLOCK_SIZE];
        blockLength = 0;
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
    }

    private byte[] deflate(byte[] input, int length, byte[] preset, boolean last) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (preset != null) {
                deflater.setDictionary(preset);
            }
            deflater.setInput(input, 0, length);
            if (last) {
                deflater.finish();
            }
            java.io.ByteArrayOutputStream result = new java.io.ByteArrayOutputStream(length / 2 + 64);
            byte[] buffer = new byte[64 * 1024];
            int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
            while (true) {
                int n = deflater.deflate(buffer, 0, buffer.length, flush);
                result.write(buffer, 0, n);
                if (last ? deflater.finished() : n < buffer.length && deflater.needsInput()) {
                    break;
                }
            }
            return result.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private void writeOldest() throws IOException {
        Future<byte[]> oldest = inFlight.poll();
        try {
            out.write(oldest.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while compressing");
        } catch (ExecutionException e) {
            throw new IOException("Compression failed", e.getCause());
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Compresses what is left, writes the gzip trailer and closes the underlying stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            submitBlock(true);
            while (!inFlight.isEmpty()) {
                writeOldest();
            }
            writeIntLittleEndian((int) crc.getValue());
            writeIntLittleEndian((int) totalIn);
            out.close();
        } finally {
            executor.shutdownNow();
        }
    }

    private void writeIntLittleEndian(int value) throws IOException {
        out.write(new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }
}
