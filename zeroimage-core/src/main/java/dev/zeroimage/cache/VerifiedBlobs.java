package dev.zeroimage.cache;

import dev.zeroimage.image.Digest;
import dev.zeroimage.util.FileIdentity;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blob files this JVM wrote or read whole and found to hold their digest, with the file identity they
 * had then (size, times, inode: {@link FileIdentity}). A file whose identity is still the same has not
 * been written since, so reading it again just to hash it is wasted (issue 16): the base layers a
 * build has just pulled, the layer it has just compressed. A file from an earlier run is always read
 * and hashed once per JVM, as the reliability issue asks, so damage on disk is still found.
 */
final class VerifiedBlobs {
    /** Far more blobs than a build touches; past it the memo starts again (only a lost shortcut). */
    private static final int MAX_ENTRIES = 10_000;
    private static final Map<Path, Verified> VERIFIED = new ConcurrentHashMap<>();

    private record Verified(Digest digest, Digest identity) {
    }

    private VerifiedBlobs() {
    }

    /** Records that {@code blob} holds the bytes of {@code digest}, as it is now. */
    static void remember(Path blob, Digest digest) {
        Path key = blob.toAbsolutePath().normalize();
        try {
            if (VERIFIED.size() >= MAX_ENTRIES) {
                VERIFIED.clear();
            }
            VERIFIED.put(key, new Verified(digest, FileIdentity.of(blob)));
        } catch (IOException | RuntimeException e) {
            VERIFIED.remove(key); // unknown state: verify on the next read
        }
    }

    /** True when {@code blob} was found to hold {@code digest} in this JVM and has not changed since. */
    static boolean unchangedSinceVerified(Path blob, Digest digest) {
        Verified verified = VERIFIED.get(blob.toAbsolutePath().normalize());
        if (verified == null || !verified.digest().equals(digest)) {
            return false;
        }
        try {
            return verified.identity().equals(FileIdentity.of(blob));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    static void forget(Path blob) {
        VERIFIED.remove(blob.toAbsolutePath().normalize());
    }
}
