package dev.zeroimage.image;

/**
 * A JSON model that checks, right after {@link Json#read}, that the fields the build relies on are
 * present and non-null, so a hostile or broken document is an error naming the field, never a
 * NullPointerException later on.
 */
public interface WellFormed {
    /** Throws a ZeroImageException naming {@code what} (the document) and the field at fault. */
    void requireWellFormed(String what);
}
