package dev.zeroimage.libraries;

import dev.zeroimage.ZeroImageException;

import java.util.Locale;

/** What to do about a dynamically linked executable's loader and libraries. */
public enum LibraryMode {
    /** Fail the build unless the final image has the loader and every library (the default). */
    CHECK,
    /** Copy the loader and the libraries the image lacks from the sysroot into a layer of their own. */
    BUNDLE,
    /** No check; a WARN names what is missing. */
    IGNORE;

    public static LibraryMode parse(String value) {
        if (value == null || value.isBlank()) {
            return CHECK;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ZeroImageException("'" + value + "' is not a libraries mode: use check (the default), bundle"
                    + " or ignore");
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
