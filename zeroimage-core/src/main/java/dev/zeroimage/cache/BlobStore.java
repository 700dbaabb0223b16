package dev.zeroimage.cache;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Descriptor;
import dev.zeroimage.image.Digest;
import dev.zeroimage.util.AtomicFiles;
import dev.zeroimage.util.FileRegionSink;
import dev.zeroimage.util.TempFile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A content-addressed directory of blobs ({@code blobs/sha256/<hex>}), shared by builds. A blob
 * appears under its name only once complete, verified and on disk (written to a locked file in
 * {@code tmp/}, forced, then renamed), so parallel builds can share one store and a crash never
 * leaves a half-written blob under a name. A blob is trusted by name and size when looked up and
 * verified where its bytes are read anyway ({@link #copyVerified}, {@link #verify}); a damaged one is
 * removed then, and replaced whenever a good copy is committed.
 */
public final class BlobStore {
    private static final int BUFFER_SIZE = 128 * 1024;
    /** Where a verification without a copy writes (one instance, so {@link #copy} can skip the read). */
    private static final OutputStream DISCARD = OutputStream.nullOutputStream();

    private final CacheLayout layout;

    public BlobStore(Path root) {
        this.layout = new CacheLayout(root);
    }

    public Path root() {
        return layout.root();
    }

    public CacheLayout layout() {
        return layout;
    }

    public Path path(Digest digest) {
        return layout.blob(digest);
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** A fresh, locked temporary file on the same file system as the blobs, so {@link #commit} is a rename. */
    public TempFile newTempFile() throws IOException {
        return TempFile.create(layout.temporaryDirectory(), "blob-", ".part");
    }

    /**
     * Moves a complete temporary file holding exactly the bytes of {@code digest} into place. What is
     * there already is replaced: it may be damaged, and a good copy is the same bytes anyway.
     */
    public Path commit(TempFile tempFile, Digest digest) throws IOException {
        Path target = path(digest);
        Files.createDirectories(target.getParent());
        tempFile.moveTo(target);
        VerifiedBlobs.remember(target, digest); // its bytes were hashed as they were written
        return target;
    }

    /**
     * Copies a blob into the store while hashing it. When {@code expected} is given, the bytes must
     * have that digest (and {@code expectedSize}, when not negative), or nothing is stored and the
     * error names {@code source}. Returns the digest the blob is stored under. A blob already stored
     * intact is not written again.
     */
    public Digest put(InputStream in, Digest expected, long expectedSize, String source) throws IOException {
        if (expected != null && isIntact(expected, expectedSize)) {
            return expected;
        }
        try (TempFile temp = newTempFile()) {
            MessageDigest hash = newDigest(expected == null ? "sha256" : expected.algorithm());
            long size = 0;
            try (OutputStream out = temp.output()) {
                byte[] buffer = new byte[BUFFER_SIZE];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    hash.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                    if (expectedSize >= 0 && size > expectedSize) {
                        throw new ZeroImageException(source + " is larger than the " + expectedSize
                                + " bytes its descriptor declares: the image is corrupt or was tampered with");
                    }
                }
            }
            Digest actual = digestOf(expected == null ? "sha256" : expected.algorithm(), hash);
            if (expectedSize >= 0 && size != expectedSize) {
                throw new ZeroImageException(source + " has " + size + " bytes but its descriptor declares "
                        + expectedSize + ": the image is truncated or corrupt");
            }
            if (expected != null && !expected.equals(actual)) {
                throw new ZeroImageException(source + " does not match its digest: expected " + expected
                        + ", got " + actual + ". The image is corrupt or was tampered with; nothing was stored");
            }
            commit(temp, actual);
            return actual;
        }
    }

    /**
     * True when the blob is stored and holds exactly the bytes of {@code digest} (and
     * {@code size}, when not negative). Reads the whole blob; a damaged one is removed.
     */
    public boolean isIntact(Digest digest, long size) throws IOException {
        if (!contains(digest)) {
            return false;
        }
        try {
            copyVerified(path(digest), digest, size, DISCARD);
            return true;
        } catch (DamagedBlobException e) {
            return false;
        }
    }

    /**
     * Copies the blob at {@code blob} to {@code out} while checking that it holds exactly the bytes the
     * descriptor names. If not, the damaged file is removed (when it is a content-addressed blob, named
     * by its digest) and a {@link DamagedBlobException} naming it is thrown; {@code out} then holds a
     * partial copy the caller must discard.
     */
    public static void copyVerified(Path blob, Descriptor expected, OutputStream out) throws IOException {
        copyVerified(blob, expected.digest(), expected.size(), out);
    }

    /**
     * True when this JVM has already read {@code blob} whole and found the descriptor's bytes in it (it
     * compressed, pulled or verified it) and the file has not changed since: a reader may then skip the
     * hashing (a push need not hash a layer the build has just written or copied into its archive).
     */
    public static boolean verifiedUnchanged(Path blob, Descriptor expected) {
        try {
            return Files.size(blob) == expected.size() && VerifiedBlobs.unchangedSinceVerified(blob, expected.digest());
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the whole blob once to check it; see {@link #copyVerified}. */
    public static void verify(Path blob, Descriptor expected) throws IOException {
        copyVerified(blob, expected.digest(), expected.size(), DISCARD);
    }

    private static void copyVerified(Path blob, Digest digest, long size, OutputStream out) throws IOException {
        long actualSize;
        try {
            actualSize = Files.size(blob);
        } catch (NoSuchFileException e) {
            throw disappeared(blob, digest);
        }
        boolean sizeMatches = size < 0 || actualSize == size;
        if (sizeMatches && VerifiedBlobs.unchangedSinceVerified(blob, digest)) {
            copy(blob, digest, out); // hashed already in this JVM and not written since
            return;
        }
        Digest actual = hash(blob, digest, sizeMatches ? out : DISCARD);
        if (!actual.equals(digest)) {
            throw damaged(blob, digest, size, actualSize + " bytes hashing to " + actual);
        }
        if (!sizeMatches) {
            // The file holds what its name says: it is the descriptor that is wrong, not the cache.
            throw new ZeroImageException("The descriptor of blob " + digest + " declares " + size + " bytes but the"
                    + " blob has " + actualSize + ": the image is corrupt or was tampered with");
        }
        VerifiedBlobs.remember(blob, digest);
    }

    private static void copy(Path blob, Digest digest, OutputStream out) throws IOException {
        if (out instanceof FileRegionSink sink) {
            try (FileChannel channel = FileChannel.open(blob)) {
                sink.transferFrom(channel, channel.size());
            } catch (NoSuchFileException e) {
                throw disappeared(blob, digest);
            }
        } else if (out != DISCARD) {
            read(blob, digest, out, null);
        }
    }

    private static Digest hash(Path blob, Digest digest, OutputStream out) throws IOException {
        MessageDigest hash = newDigest(digest.algorithm());
        read(blob, digest, out, hash);
        return digestOf(digest.algorithm(), hash);
    }

    /** Copies the blob to {@code out}, feeding {@code hash} too unless it is null. */
    private static void read(Path blob, Digest digest, OutputStream out, MessageDigest hash) throws IOException {
        try (InputStream in = Files.newInputStream(blob)) {
            byte[] buffer = new byte[BUFFER_SIZE];
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (hash != null) {
                    hash.update(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw disappeared(blob, digest);
        }
    }

    /**
     * The error for a blob file found, while it was read elsewhere (hashed as it was uploaded), to hash
     * to {@code actual} instead of the descriptor's digest; the file is removed as {@link #verify} would.
     */
    public static DamagedBlobException damaged(Path blob, Descriptor expected, Digest actual) throws IOException {
        return damaged(blob, expected.digest(), expected.size(), expected.size() + " bytes hashing to " + actual);
    }

    private static DamagedBlobException disappeared(Path blob, Digest digest) {
        return new DamagedBlobException("The cache file " + blob + " (" + digest + ") disappeared while the build"
                + " used it (was the cache cleared?): build again to fetch or rebuild it", blob);
    }

    private static DamagedBlobException damaged(Path blob, Digest digest, long size, String found)
            throws IOException {
        boolean removed = false;
        VerifiedBlobs.forget(blob);
        if (blob.getFileName().toString().equals(digest.hex())) {
            // Its name promises bytes it does not hold: it must not serve another build.
            Files.deleteIfExists(blob);
            removed = true;
        }
        return new DamagedBlobException("The cache file " + blob + " is damaged: it should hold " + digest
                + (size >= 0 ? " (" + size + " bytes)" : "") + " but has " + found + " (a crash or power loss"
                + " while it was written, or a disk error). "
                + (removed ? "It was removed; building again rebuilds or re-fetches it."
                        : "Delete it (or the whole cache directory) and build again."), blob);
    }

    /** A small text record of the layout ({@link CacheLayout}), or empty when it is missing or unreadable. */
    public Optional<String> readRecord(Path record) {
        try {
            if (!Files.isRegularFile(record) || Files.size(record) > 64 * 1024) {
                return Optional.empty();
            }
            return Optional.of(Files.readString(record, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // damaged metadata is a miss, never a failed build
        }
    }

    /** A record holding one digest; anything else in it (garbage, a truncated write) is a miss. */
    public Optional<Digest> readDigestRecord(Path record) {
        return readRecord(record).flatMap(text -> {
            try {
                return Optional.of(Digest.parse(text.trim()));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        });
    }

    public void writeRecord(Path record, String content) throws IOException {
        AtomicFiles.write(record, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Removes what killed builds left: partial blobs in {@code tmp/} and partial records, but none that a
     * running build (in this or another process) still writes. Returns how many files were removed.
     */
    public int removeStaleTempFiles() throws IOException {
        int removed = TempFile.removeStale(layout.temporaryDirectory(), "*.part");
        for (Path directory : layout.recordDirectories()) {
            if (!Files.isDirectory(directory)) {
                continue;
            }
            List<Path> directories = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(directory)) {
                walk.filter(Files::isDirectory).forEach(directories::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                continue; // a concurrent build changed the tree; the next run cleans up
            }
            for (Path each : directories) {
                removed += AtomicFiles.removeStaleTempFilesIn(each);
            }
        }
        return removed;
    }

    private static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(switch (algorithm) {
                case "sha512" -> "SHA-512";
                default -> "SHA-256";
            });
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Digest digestOf(String algorithm, MessageDigest hash) {
        return new Digest(algorithm.equals("sha512") ? "sha512" : "sha256", java.util.HexFormat.of().formatHex(hash.digest()));
    }
}
