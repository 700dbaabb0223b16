package dev.zeroimage.cache;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.util.TempFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlobStoreTest {
    private static final byte[] CONTENT = "a blob of some bytes".getBytes(StandardCharsets.UTF_8);
    private static final Digest DIGEST = Digest.sha256(CONTENT);
    private static final Descriptor DESCRIPTOR = new Descriptor("application/octet-stream", DIGEST, CONTENT.length);

    @TempDir
    Path dir;

    private BlobStore store() {
        return new BlobStore(dir.resolve("cache"));
    }

    private static void flipOneByte(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(file, bytes);
    }

    @Test
    void aDamagedCopyIsReplacedWhenTheBlobIsStoredAgain() throws IOException {
        BlobStore store = store();
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        flipOneByte(store.path(DIGEST));

        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        assertArrayEquals(CONTENT, Files.readAllBytes(store.path(DIGEST)));

        Files.write(store.path(DIGEST), new byte[0]); // what a power loss leaves
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        assertArrayEquals(CONTENT, Files.readAllBytes(store.path(DIGEST)));
    }

    @Test
    void commitReplacesWhatIsThere() throws IOException {
        BlobStore store = store();
        Files.createDirectories(store.path(DIGEST).getParent());
        Files.write(store.path(DIGEST), new byte[0]);
        try (TempFile temp = store.newTempFile()) {
            Files.write(temp.path(), CONTENT);
            store.commit(temp, DIGEST);
        }
        assertArrayEquals(CONTENT, Files.readAllBytes(store.path(DIGEST)));
    }

    @Test
    void aVerifyingReadNamesADamagedFileAndRemovesIt() throws IOException {
        BlobStore store = store();
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        BlobStore.copyVerified(store.path(DIGEST), DESCRIPTOR, copy);
        assertArrayEquals(CONTENT, copy.toByteArray());

        flipOneByte(store.path(DIGEST));
        DamagedBlobException damaged = assertThrows(DamagedBlobException.class,
                () -> BlobStore.copyVerified(store.path(DIGEST), DESCRIPTOR, new ByteArrayOutputStream()));
        assertTrue(damaged.getMessage().contains(store.path(DIGEST).toString()), damaged.getMessage());
        assertTrue(damaged.getMessage().contains("damaged"), damaged.getMessage());
        assertEquals(store.path(DIGEST), damaged.file());
        assertFalse(Files.exists(store.path(DIGEST)), "a damaged blob must not serve another build");

        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        Files.write(store.path(DIGEST), new byte[0]);
        assertThrows(DamagedBlobException.class, () -> BlobStore.verify(store.path(DIGEST), DESCRIPTOR));
        assertFalse(Files.exists(store.path(DIGEST)));
    }

    @Test
    void aBlobHashedInThisJvmIsTrustedOnlyUntilItChanges() throws IOException {
        BlobStore store = store();
        Path blob = store.path(DIGEST);
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        assertTrue(VerifiedBlobs.unchangedSinceVerified(blob, DIGEST), "hashed as it was stored");
        assertFalse(VerifiedBlobs.unchangedSinceVerified(blob, Digest.sha256(new byte[0])), "for its own digest only");
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        BlobStore.copyVerified(blob, DESCRIPTOR, copy);
        assertArrayEquals(CONTENT, copy.toByteArray());

        flipOneByte(blob); // same size, same path: only its identity (times) tells
        assertFalse(VerifiedBlobs.unchangedSinceVerified(blob, DIGEST));
        assertThrows(DamagedBlobException.class, () -> BlobStore.copyVerified(blob, DESCRIPTOR, new ByteArrayOutputStream()));

        // A file this JVM did not write or hash (an earlier run's) is hashed on its first read.
        Files.createDirectories(blob.getParent());
        Files.write(blob, CONTENT);
        assertFalse(VerifiedBlobs.unchangedSinceVerified(blob, DIGEST));
        BlobStore.verify(blob, DESCRIPTOR);
        assertTrue(VerifiedBlobs.unchangedSinceVerified(blob, DIGEST), "verified once, trusted until it changes");
    }

    @Test
    void aPushMaySkipHashingOnlyABlobThisJvmVerifiedAndNobodyWroteSince() throws IOException {
        BlobStore store = store();
        Path blob = store.path(DIGEST);
        assertFalse(BlobStore.verifiedUnchanged(blob, DESCRIPTOR), "no file yet");
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        assertTrue(BlobStore.verifiedUnchanged(blob, DESCRIPTOR), "hashed as it was stored");
        assertFalse(BlobStore.verifiedUnchanged(blob, new Descriptor("application/octet-stream", DIGEST,
                CONTENT.length + 1)), "a descriptor of another size is checked by a read");
        flipOneByte(blob);
        assertFalse(BlobStore.verifiedUnchanged(blob, DESCRIPTOR), "written since: hashed again when pushed");
    }

    @Test
    void aDescriptorWithTheWrongSizeDoesNotRemoveAGoodBlob() throws IOException {
        BlobStore store = store();
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        Descriptor lying = new Descriptor("application/octet-stream", DIGEST, CONTENT.length + 5);
        ZeroImageException error = assertThrows(ZeroImageException.class,
                () -> BlobStore.verify(store.path(DIGEST), lying));
        assertFalse(error instanceof DamagedBlobException, error.getMessage());
        assertArrayEquals(CONTENT, Files.readAllBytes(store.path(DIGEST)));
    }

    @Test
    void damagedRecordsAreMisses() throws IOException {
        BlobStore store = store();
        Path pointer = store.layout().tagPointer(ImageReference.parse("registry.example.com/team/base:1"));
        assertEquals(Optional.empty(), store.readDigestRecord(pointer));
        store.writeRecord(pointer, "garbage");
        assertEquals(Optional.empty(), store.readDigestRecord(pointer));
        Files.write(pointer, new byte[0]);
        assertEquals(Optional.empty(), store.readDigestRecord(pointer));
        store.writeRecord(pointer, DIGEST.toString());
        assertEquals(Optional.of(DIGEST), store.readDigestRecord(pointer));
    }

    @Test
    void theLayoutIsTheOneOfEarlierVersions() {
        BlobStore store = store();
        Path root = dir.resolve("cache").toAbsolutePath();
        assertEquals(root.resolve("blobs/sha256/" + DIGEST.hex()), store.path(DIGEST));
        assertEquals(root.resolve("tags/localhost_5000/team/base/1"),
                store.layout().tagPointer(ImageReference.parse("localhost:5000/team/base:1")));
        assertEquals(root.resolve("layers/abc"), store.layout().layerRecord("abc"));
        assertEquals(root.resolve("file-digests/abc"), store.layout().fileDigestRecord("abc"));
        assertEquals(root.resolve("archives/" + Digest.sha256("/out/app.tar".getBytes(StandardCharsets.UTF_8)).hex()),
                store.layout().archiveRecord(Path.of("/out/app.tar")));
    }

    @Test
    void cacheFilesAreReadableByEveryone() throws IOException {
        BlobStore store = store();
        store.put(new ByteArrayInputStream(CONTENT), DIGEST, CONTENT.length, "test blob");
        Path record = store.layout().layerRecord("key");
        store.writeRecord(record, "{}");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path(DIGEST))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(record)));
    }

    @Test
    void leftoversOfAKilledBuildAreRemovedButNotTheFilesOfARunningOne() throws Exception {
        BlobStore store = store();
        FileTime old = FileTime.from(Instant.now().minusSeconds(60));
        Path partialBlob = leftover(store.layout().temporaryDirectory().resolve("blob-123.part"), old);
        Path partialRecord = leftover(store.layout().layerRecord(".other-key.456.tmp"), old);
        Path partialTag = leftover(store.layout().tagPointer(ImageReference.parse("example.com/a/b:1"))
                .resolveSibling(".1.789.tmp"), old);
        Path record = store.layout().layerRecord("abc");
        store.writeRecord(record, "{}");

        try (TempFile writing = store.newTempFile()) {
            Files.setLastModifiedTime(writing.path(), old);
            Path lockedByAnotherProcess = leftover(store.layout().temporaryDirectory().resolve("blob-other.part"), old);
            Process holder = holdLock(lockedByAnotherProcess);
            Path fresh = leftover(store.layout().temporaryDirectory().resolve("blob-fresh.part"),
                    FileTime.from(Instant.now()));
            try {
                assertEquals(3, store.removeStaleTempFiles());
                assertTrue(Files.exists(fresh), "a file created a moment ago may be a parallel build's, not locked yet");
                assertTrue(Files.exists(writing.path()), "this JVM's temporary file is in use");
                assertTrue(Files.exists(lockedByAnotherProcess), "another build's temporary file is in use");
            } finally {
                holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.setLastModifiedTime(lockedByAnotherProcess, old);
            assertEquals(1, store.removeStaleTempFiles(), "the other build was killed: its file is stale now");
        }
        assertFalse(Files.exists(partialBlob));
        assertFalse(Files.exists(partialRecord));
        assertFalse(Files.exists(partialTag));
        assertTrue(Files.exists(record));
    }

    private static Path leftover(Path file, FileTime time) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, CONTENT);
        Files.setLastModifiedTime(file, time);
        return file;
    }

    /** A child JVM that locks {@code file} the way a build does and keeps it locked until killed. */
    private Process holdLock(Path file) throws Exception {
        Path source = dir.resolve("LockHolder.java");
        Files.writeString(source, """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;
                public class LockHolder {
                    public static void main(String[] args) throws Exception {
                        FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE);
                        channel.lock();
                        System.out.println("locked");
                        System.out.flush();
                        Thread.sleep(60_000);
                    }
                }
                """);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), source.toString(), file.toString())
                .redirectErrorStream(true).start();
        byte[] line = new byte[6];
        int read = process.getInputStream().readNBytes(line, 0, 6);
        assertEquals("locked", new String(line, 0, read, StandardCharsets.UTF_8), "the lock holder did not start");
        return process;
    }
}
