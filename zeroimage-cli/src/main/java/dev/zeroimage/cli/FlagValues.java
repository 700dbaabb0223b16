package dev.zeroimage.cli;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;

import java.util.function.Supplier;

/** Parsing a flag's value the same way in every command: a bad value fails naming the flag. */
final class FlagValues {
    private FlagValues() {
    }

    static <T> T parse(String flag, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidSettingException e) {
            throw new ZeroImageException("Invalid " + flag + ": " + e.problem());
        } catch (ZeroImageException e) {
            throw new ZeroImageException("Invalid " + flag + ": " + e.getMessage());
        }
    }
}
