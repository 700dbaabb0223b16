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
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    /** Blocks whose compressed bytes have been written: reused, so a 500 MB input allocates a few MiB, not 1 GB. */
    private final ArrayDeque<Block> free = new ArrayDeque<>();
    private final CRC32 crc = new CRC32();
    private Block block = new Block();
    private int blockLength;
    private byte[] dictionary;
    private long totalIn;
    private boolean closed;

    /** One block's input and, once compressed, its output; the output array grows when a block does not shrink. */
    private static final class Block {
        final byte[] input = new byte[BLOCK_SIZE];
        byte[] output = new byte[BLOCK_SIZE + BLOCK_SIZE / 8];
    }

    private record InFlight(Block block, Future<Integer> outputLength) {
    }

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
            System.arraycopy(b, off, block.input, blockLength, n);
            blockLength += n;
            off += n;
            len -= n;
            if (blockLength == BLOCK_SIZE) {
                submitBlock(false);
            }
        }
    }

    private void submitBlock(boolean last) throws IOException {
        Block input = block;
        int length = blockLength;
        byte[] preset = dictionary;
        dictionary = Arrays.copyOfRange(input.input, Math.max(0, length - DICTIONARY_SIZE), length);
        inFlight.add(new InFlight(input, executor.submit(() -> deflate(input, length, preset, last))));
        while (inFlight.size() >= maxInFlight) {
            writeOldest();
        }
        block = free.isEmpty() ? new Block() : free.poll();
        blockLength = 0;
    }

    /** Compresses the block's input into its output array; returns the number of bytes there. */
    private int deflate(Block block, int length, byte[] preset, boolean last) {
        Deflater deflater = new Deflater(level, true);
        try {
            if (preset != null) {
                deflater.setDictionary(preset);
            }
            deflater.setInput(block.input, 0, length);
            if (last) {
                deflater.finish();
            }
            int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
            int produced = 0;
            while (true) {
                if (produced == block.output.length) {
                    block.output = Arrays.copyOf(block.output, block.output.length * 2);
                }
                int room = block.output.length - produced;
                int n = deflater.deflate(block.output, produced, room, flush);
                produced += n;
                // A sync flush is complete once deflate leaves output room unused.
                if (last ? deflater.finished() : n < room && deflater.needsInput()) {
                    return produced;
                }
            }
        } finally {
            deflater.end();
        }
    }

    private void writeOldest() throws IOException {
        InFlight oldest = inFlight.poll();
        try {
            out.write(oldest.block().output, 0, oldest.outputLength().get());
            free.add(oldest.block());
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
