package dev.zeroimage.source;

import dev.zeroimage.image.Descriptor;

import java.io.IOException;
import java.nio.file.Path;

/** Where a base image's blobs come from (an imported archive, a registry); every blob is verified. */
public interface BlobSource {
    /** Manifests, indexes and configs are small; anything larger than this is refused. */
    long MAX_JSON_SIZE = 8L * 1024 * 1024;

    /** The bytes of a small JSON blob, checked against the descriptor's digest and size. */
    byte[] readJson(Descriptor descriptor, String what) throws IOException;

    /** A blob in the local store, downloaded and verified first if needed. */
    Path blob(Descriptor descriptor, String what) throws IOException;
}
