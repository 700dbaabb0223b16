package dev.zeroimage.sbom;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Digest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** The hashes an SBOM lists for a file (SHA-1, as Maven repositories publish it, and SHA-256), in one read. */
public final class FileHashes {
    private static final String[] ALGORITHMS = {"SHA-1", "SHA-256"};

    private FileHashes() {
    }

    /** The SHA-256 of a file, streamed. */
    public static Digest sha256(Path file) {
        return Digest.parse("sha256:" + of(file).get("SHA-256"));
    }

    /** CycloneDX algorithm name to lowercase hex, streamed so large files are not held in memory. */
    public static Map<String, String> of(Path file) {
        MessageDigest[] digests = new MessageDigest[ALGORITHMS.length];
        try {
            for (int i = 0; i < ALGORITHMS.length; i++) {
                digests[i] = MessageDigest.getInstance(ALGORITHMS[i]);
            }
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 and SHA-256 are required of every JVM", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                for (MessageDigest digest : digests) {
                    digest.update(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            throw new ZeroImageException("Cannot read " + file + " to hash it for the SBOM: " + e.getMessage(), e);
        }
        Map<String, String> hashes = new LinkedHashMap<>();
        for (int i = 0; i < ALGORITHMS.length; i++) {
            hashes.put(ALGORITHMS[i], HexFormat.of().formatHex(digests[i].digest()));
        }
        return hashes;
    }
}
