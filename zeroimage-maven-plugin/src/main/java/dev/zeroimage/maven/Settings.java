package dev.zeroimage.maven;

import dev.zeroimage.InvalidSettingException;
import dev.zeroimage.ZeroImageException;
import dev.zeroimage.image.Platform;
import dev.zeroimage.image.Port;
import dev.zeroimage.image.User;
import dev.zeroimage.layer.Compression;

import java.util.List;
import java.util.function.Supplier;

/** Turns parameter values into core values; a bad one fails naming the parameter. */
final class Settings {
    private Settings() {
    }

    /** Parses one setting; a failure becomes "Invalid NAME (zeroimage.NAME): why" (see {@link MavenWording}). */
    static <T> T parse(String parameter, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidSettingException e) {
            throw e;
        } catch (ZeroImageException e) {
            throw new InvalidSettingException(parameter, e.getMessage());
        }
    }

    static Platform platform(String value) {
        return value == null || value.isBlank() ? null : parse("platform", () -> Platform.parse(value));
    }

    static User user(String value) {
        return value == null || value.isBlank() ? null : new User(value);
    }

    /** Each port as Docker writes it; the message names the port and the ports parameter. */
    static List<Port> ports(List<String> values) {
        return values == null ? List.of() : values.stream().map(Port::parse).toList();
    }

    static Compression compression(String algorithm, Integer level) {
        Compression parsed = parse("compression", () -> Compression.of(algorithm, null));
        return level == null ? parsed : parse("compressionLevel", () -> Compression.of(algorithm, level));
    }
}
