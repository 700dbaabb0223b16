package dev.zeroimage.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.zeroimage.ZeroImageException;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest such as {@code sha256:9f86d0…}. Only sha256 is produced; sha512 is accepted when read. */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        boolean valid = switch (algorithm) {
            case "sha256" -> SHA256.matcher(hex).matches();
            case "sha512" -> SHA512.matcher(hex).matches();
            default -> false;
        };
        if (!valid) {
            throw new ZeroImageException("Invalid digest '" + algorithm + ":" + hex
                    + "': expected sha256: followed by 64 lowercase hex digits");
        }
    }

    @JsonCreator
    public static Digest parse(String value) {
        int colon = value == null ? -1 : value.indexOf(':');
        if (colon < 0) {
            throw new ZeroImageException("Invalid digest '" + value + "': expected the form sha256:<64 hex digits>");
        }
        return new Digest(value.substring(0, colon), value.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return fromSha256(newSha256().digest(content));
    }

    public static Digest fromSha256(byte[] rawDigest) {
        return new Digest("sha256", HexFormat.of().formatHex(rawDigest));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** The short form users see in logs, as Docker prints it. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    /**
     * Written out, the same value the record would give (31 × algorithm's hash + hex's): the generated
     * equals and hashCode link through invokedynamic (ObjectMethods), and the first call in a fresh JVM
     * spins about 50 method-handle classes, ~40 ms of CPU in a cold build (issue 16).
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Digest digest && algorithm.equals(digest.algorithm) && hex.equals(digest.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest other) {
        return toString().compareTo(other.toString());
    }
}
