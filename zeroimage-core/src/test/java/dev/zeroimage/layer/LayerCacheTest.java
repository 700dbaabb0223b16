package dev.zeroimage.layer;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.image.Layer;
import dev.zeroimage.util.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class LayerCacheTest {

    /** Counts compressions: a cache hit must not compress at all. */
    private static final class CountingProgress implements Progress {
        final AtomicInteger started = new AtomicInteger();

        @Override
        public Tracker start(String task, long totalBytes) {
            started.incrementAndGet();
            return NONE.start(task, totalBytes);
        }
    }

    private static Path program(Path dir) throws IOException {
        Path file = dir.resolve("program");
        Files.write(file, ParallelGzipOutputStreamTest.sampleData(2_000_000, 11));
        return file;
    }

    @Test
    void anUnchangedExecutableIsNotCompressedAgain(@TempDir Path temp) throws IOException {
        Path executable = program(temp);
        BlobStore store = new BlobStore(temp.resolve("cache"));
        CountingProgress progress = new CountingProgress();
        LayerWriter writer = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH, progress);
        LayerContents contents = new LayerContents().add(LayerEntry.file("/program", executable, 0755));

        Layer cold = writer.write(contents);
        Layer warm = writer.write(contents);
        assertEquals(1, progress.started.get(), "the second build is served from the layer cache");
        assertEquals(cold, warm);
    }

    @Test
    void aOneByteChangeOfTheSameSizeGivesANewLayer(@TempDir Path temp) throws IOException {
        Path executable = program(temp);
        BlobStore store = new BlobStore(temp.resolve("cache"));
        CountingProgress progress = new CountingProgress();
        LayerWriter writer = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH, progress);
        LayerContents contents = new LayerContents().add(LayerEntry.file("/program", executable, 0755));
        Layer before = writer.write(contents);
        var modified = Files.getLastModifiedTime(executable);

        try (RandomAccessFile file = new RandomAccessFile(executable.toFile(), "rw")) {
            file.seek(1_000_000);
            int b = file.read();
            file.seek(1_000_000);
            file.write(b ^ 0xff);
        }
        Files.setLastModifiedTime(executable, modified); // even with the old mtime: the ctime changed

        Layer after = writer.write(contents);
        assertEquals(2, progress.started.get());
        assertNotEquals(before.diffId(), after.diffId());
    }

    @Test
    void settingsThatChangeTheBytesAreInTheKey(@TempDir Path temp) throws IOException {
        Path executable = program(temp);
        BlobStore store = new BlobStore(temp.resolve("cache"));
        CountingProgress progress = new CountingProgress();
        LayerContents contents = new LayerContents().add(LayerEntry.file("/program", executable, 0755));
        Layer gzip6 = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH, progress).write(contents);
        Layer gzip1 = new LayerWriter(store, Compression.of("gzip", 1), Instant.EPOCH, progress).write(contents);
        Layer otherTime = new LayerWriter(store, Compression.DEFAULT, Instant.ofEpochSecond(86400), progress)
                .write(contents);
        Layer otherMode = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH, progress)
                .write(new LayerContents().add(LayerEntry.file("/program", executable, 0700)));
        assertEquals(4, progress.started.get());
        assertEquals(gzip6.diffId(), gzip1.diffId());
        assertNotEquals(gzip6.descriptor().digest(), gzip1.descriptor().digest());
        assertNotEquals(gzip6.diffId(), otherTime.diffId());
        assertNotEquals(gzip6.diffId(), otherMode.diffId());
    }

    @Test
    void aLostBlobIsRebuiltInsteadOfServedFromAStaleEntry(@TempDir Path temp) throws IOException {
        Path executable = program(temp);
        BlobStore store = new BlobStore(temp.resolve("cache"));
        CountingProgress progress = new CountingProgress();
        LayerWriter writer = new LayerWriter(store, Compression.DEFAULT, Instant.EPOCH, progress);
        LayerContents contents = new LayerContents().add(LayerEntry.file("/program", executable, 0755));
        Layer first = writer.write(contents);
        Files.delete(first.blob());
        Layer second = writer.write(contents);
        assertEquals(2, progress.started.get());
        assertEquals(first.descriptor(), second.descriptor());
        assertEquals(true, Files.isRegularFile(second.blob()));
    }
}
