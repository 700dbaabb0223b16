package dev.zeroimage.elf;

import dev.zeroimage.ZeroImageException;

import java.nio.file.Path;

/**
 * The file given as the image's executable cannot be used: it is missing, is not a Linux ELF
 * executable, is built for an architecture no container platform covers, or is corrupt.
 * The message names the file, says what was found and what to do.
 */
public class NotAnExecutableException extends ZeroImageException {
    private final transient Path file;

    public NotAnExecutableException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /** The file that was inspected. */
    public Path file() {
        return file;
    }
}
