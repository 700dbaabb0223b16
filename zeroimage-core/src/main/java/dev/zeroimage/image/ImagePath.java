package dev.zeroimage.image;

import dev.zeroimage.ZeroImageException;

/**
 * An absolute path inside an image, normalised: single slashes, no trailing slash, no {@code .} or
 * {@code ..} segments (an image path must say exactly where a file lands).
 */
public record ImagePath(String value) {

    public ImagePath {
        if (!value.equals(normalize(value))) {
            throw new IllegalArgumentException("Not a normalised image path: " + value);
        }
    }

    /** Parses what a user wrote ({@code //usr/bin//app/}) into the normal form ({@code /usr/bin/app}). */
    public static ImagePath of(String path) {
        return new ImagePath(normalize(path));
    }

    /** The last segment ({@code app} for {@code /usr/bin/app}); empty for the root. */
    public String fileName() {
        return value.substring(value.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String normalize(String path) {
        if (path == null || path.isBlank() || !path.startsWith("/")) {
            throw new ZeroImageException("Invalid path in the image '" + path + "': it must be absolute, like /app");
        }
        StringBuilder out = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new ZeroImageException("Invalid path in the image '" + path + "': '.' and '..' are not allowed");
            }
            out.append('/').append(segment);
        }
        return out.length() == 0 ? "/" : out.toString();
    }
}
