package dev.zeroimage.util;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A temporary file that is locked for as long as it is being written, so a later build can tell the
 * leftovers of a killed build (unlocked: the kernel drops a dead process's locks) from the work of a
 * build running in parallel (locked), and remove only the former. The content is forced to disk
 * before the file is renamed into place, so a power loss never leaves a named, empty file.
 */
public final class TempFile implements Closeable {
    /**
     * Leftovers younger than this are kept: a parallel build may have created its file a moment ago
     * and not locked it yet.
     */
    public static final Duration MIN_STALE_AGE = Duration.ofSeconds(2);

    /**
     * Temporary files this JVM has open. The cleaner must not even open them: closing any descriptor
     * of a file drops every POSIX lock this process holds on it.
     */
    private static final Set<Path> IN_USE = ConcurrentHashMap.newKeySet();

    /**
     * Written bytes after which a background {@code fdatasync} starts: the writeback then runs beside
     * the writing (compression, a download), and the fsync before the rename has at most this much
     * left, ~4 ms instead of ~17 ms for a 38 MB layer, on the build's critical path (issue 16).
     */
    static final long FLUSH_EVERY = 8L << 20;

    private final Path path;
    private final FileChannel channel;
    private boolean moved;
    private long unflushed;
    private FutureTask<Void> flushing;

    private TempFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    /** Creates and locks a file named {@code prefix<random>suffix} in {@code directory}, readable by all (0644). */
    public static TempFile create(Path directory, String prefix, String suffix) throws IOException {
        Files.createDirectories(directory);
        Path path = Files.createTempFile(directory, prefix, suffix).toAbsolutePath();
        IN_USE.add(path);
        FileChannel channel = null;
        try {
            AtomicFiles.makeWorldReadable(path);
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
            channel.lock();
            return new TempFile(path, channel);
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(path);
            IN_USE.remove(path);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    /**
     * A stream writing into the file, unbuffered, that also takes file regions in the kernel
     * ({@link FileRegionSink}); closing it keeps the file open and locked until {@link #moveTo}.
     */
    public OutputStream output() {
        return new Output();
    }

    /** Counts what the writer wrote; past {@link #FLUSH_EVERY}, starts a background flush unless one runs. */
    private void written(long bytes) {
        unflushed += bytes;
        if (unflushed >= FLUSH_EVERY && (flushing == null || flushing.isDone())) {
            unflushed = 0;
            flushing = new FutureTask<>(() -> {
                channel.force(false);
                return null;
            });
            Thread thread = new Thread(flushing, "zeroimage-flush");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Waits for a background flush; its failure, if any, is met again by the fsync that follows. */
    private void awaitFlush() throws IOException {
        if (flushing == null) {
            return;
        }
        try {
            flushing.get();
        } catch (ExecutionException e) {
            // the final force reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + path + " was being flushed to disk");
        }
    }

    private final class Output extends OutputStream implements FileRegionSink {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            written(len);
        }

        @Override
        public void transferFrom(FileChannel source, long count) throws IOException {
            for (long done = 0; done < count; ) {
                // In flush-sized pieces, so the writeback of one runs while the next is copied.
                long n = source.transferTo(done, Math.min(count - done, FLUSH_EVERY), channel);
                if (n <= 0) {
                    throw new IOException("only " + done + " of " + count + " bytes could be read from " + source);
                }
                done += n;
                written(n);
            }
        }
    }

    /**
     * Forces the content to disk, then renames the file over {@code target} atomically (while still
     * holding the lock, so no cleaner can take it in between) and releases it.
     */
    public void moveTo(Path target) throws IOException {
        awaitFlush();
        channel.force(true);
        AtomicFiles.moveIntoPlace(path, target);
        moved = true;
        close();
    }

    /** Releases the file; unless it was moved into place, it is deleted. */
    @Override
    public void close() throws IOException {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
            if (!moved) {
                Files.deleteIfExists(path);
            }
        } finally {
            IN_USE.remove(path);
        }
    }

    /**
     * Deletes the files in {@code directory} matching {@code glob} that no build is writing: not open
     * in this JVM, not locked by another process, and older than {@link #MIN_STALE_AGE}. Returns how
     * many were deleted. A missing directory has none.
     */
    public static int removeStale(Path directory, String glob) throws IOException {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        Instant cutoff = Instant.now().minus(MIN_STALE_AGE);
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(directory, glob)) {
            for (Path candidate : candidates) {
                if (removeIfStale(candidate.toAbsolutePath(), cutoff)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static boolean removeIfStale(Path candidate, Instant cutoff) throws IOException {
        if (IN_USE.contains(candidate) || !Files.isRegularFile(candidate)) {
            return false;
        }
        try {
            if (Files.getLastModifiedTime(candidate).toInstant().isAfter(cutoff)) {
                return false;
            }
            try (FileChannel channel = FileChannel.open(candidate, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException e) {
                    return false;
                }
                if (lock == null) {
                    return false; // a build in another process is writing it
                }
                // Deleted while locked: a writer that opened it meanwhile cannot have locked it.
                Files.deleteIfExists(candidate);
                return true;
            }
        } catch (NoSuchFileException e) {
            return false; // renamed into place or removed by another cleaner meanwhile
        } catch (IOException e) {
            return false; // not ours to remove (permissions on a shared cache): harmless to keep
        }
    }
}
