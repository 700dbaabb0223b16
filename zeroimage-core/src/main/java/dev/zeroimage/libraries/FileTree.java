package dev.zeroimage.libraries;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A file system the loader's search is replayed in: a sysroot on disk, or the image being built.
 * Paths are absolute paths inside the tree; links are followed the way the kernel would, inside it.
 */
interface FileTree {
    /** The path {@code path} resolves to when it is a regular file, else empty. */
    Optional<String> regularFile(String path) throws IOException;

    /** Where {@code path} resolves to when it exists (file or directory), else empty. */
    Optional<String> realPath(String path) throws IOException;

    /** Up to {@code max} bytes of the regular file at {@code path}, else empty. */
    Optional<byte[]> read(String path, int max) throws IOException;

    /** Names in a directory, sorted; empty when it is missing. */
    List<String> list(String directory) throws IOException;

    /** A file on disk with the content of the regular file {@code realPath} (the file itself, or a copy in {@code scratch}). */
    Path localFile(String realPath, Path scratch) throws IOException;

    /** For messages: "/", "/usr/aarch64-linux-gnu" or "the base image debian:12". */
    String describe();
}
