package dev.zeroimage;

/**
 * A problem the user can act on: bad input, bad configuration, a refused registry request.
 * The message is shown to the user as it is, so it must name what is at fault and what to do.
 */
public class ZeroImageException extends RuntimeException {
    public ZeroImageException(String message) {
        super(message);
    }

    public ZeroImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
