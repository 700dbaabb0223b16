package dev.zeroimage.build;

import dev.zeroimage.cache.BlobStore;
import dev.zeroimage.elf.SyntheticExecutables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 while a large layer is compressed: the cache holds only sound blobs, the next build removes
 * what the killed one left and writes exactly what a clean build writes.
 */
class CrashDuringCompressionTest {
    private static final long SIZE = 200L * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aBuildKilledWhileCompressingLeavesASoundCacheAndTheNextBuildIsTheCleanOne() throws Exception {
        long started = System.nanoTime();
        Path executable = SyntheticExecutables.staticAmd64(dir.resolve("big-app"), SIZE, 42, 64);
        Path extra = Files.writeString(dir.resolve("app.conf"), "crash=test\n");
        Path cache = dir.resolve("cache");
        Path output = dir.resolve("out/app.tar");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashBuildMain.class.getName(),
                cache.toString(), executable.toString(), extra.toString(), output.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        try {
            Path partial = awaitPartialBlob(cache.resolve("tmp"), child, 1024 * 1024);
            assertTrue(child.isAlive(), "the build must still be compressing when it is killed");
            child.destroyForcibly(); // SIGKILL on Linux
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            assertEquals(137, child.exitValue(), "killed by SIGKILL");
            assertTrue(Files.exists(partial), "the killed build left its partial blob (as a real crash does)");
        } finally {
            child.destroyForcibly();
        }
        CacheHealingTest.assertBlobsMatchTheirNames(store(cache));

        // The next build runs after the killed one's files are old enough to tell from a parallel build's.
        Thread.sleep(dev.zeroimage.util.TempFile.MIN_STALE_AGE.toMillis() + 200);
        CrashBuildMain.build(cache, executable, extra, output);
        assertNoTemporaryFiles(cache);
        assertNoTemporaryFiles(output.getParent());
        CacheHealingTest.assertStoreIsSound(store(cache));

        Path cleanOutput = dir.resolve("clean/app.tar");
        CrashBuildMain.build(dir.resolve("clean-cache"), executable, extra, cleanOutput);
        assertArrayEquals(Files.readAllBytes(cleanOutput), Files.readAllBytes(output),
                "the build after the crash is byte-identical to a clean one");
        System.out.println("crash test took " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
    }

    private static BlobStore store(Path cache) {
        return new BlobStore(cache);
    }

    /** Waits until the child has written {@code atLeast} bytes of a partial blob, i.e. it is compressing. */
    private static Path awaitPartialBlob(Path tmp, Process child, long atLeast) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline) && child.isAlive()) {
            Optional<Path> partial = largest(tmp);
            if (partial.isPresent() && Files.size(partial.get()) >= atLeast) {
                return partial.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the child build never got to compressing (alive: " + child.isAlive() + ")");
    }

    private static Optional<Path> largest(Path tmp) throws IOException {
        if (!Files.isDirectory(tmp)) {
            return Optional.empty();
        }
        List<Path> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(tmp)) {
            files.filter(path -> path.getFileName().toString().endsWith(".part")).forEach(parts::add);
        }
        Path best = null;
        long bestSize = -1;
        for (Path part : parts) {
            try {
                long size = Files.size(part);
                if (size > bestSize) {
                    best = part;
                    bestSize = size;
                }
            } catch (IOException e) {
                // renamed into place meanwhile
            }
        }
        return Optional.ofNullable(best);
    }

    private static void assertNoTemporaryFiles(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            List<Path> left = files.filter(path -> {
                String name = path.getFileName().toString();
                return name.endsWith(".part") || name.endsWith(".tmp");
            }).toList();
            assertFalse(!left.isEmpty(), "temporary files left after the next build: " + left);
        }
    }
}
