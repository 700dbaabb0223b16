package dev.zeroimage.cli;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryTransport;
import dev.zeroimage.util.Progress;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * The flags of every command that talks to a registry, and the one transport (HTTP clients, learned
 * schemes) the command's calls share; {@link ZeroImageCli} closes it when the command is done.
 */
final class RegistryFlags implements AutoCloseable {
    @Option(names = "--insecure-registry", paramLabel = "HOST[:PORT]", split = ",",
            description = "A registry that may use plain HTTP or an unverified certificate (repeatable).")
    List<String> insecureRegistries = new ArrayList<>();

    @Option(names = "--ca-cert", paramLabel = "PEM",
            description = "A CA certificate (PEM) to trust for registries, besides the JVM's (repeatable).")
    List<Path> caCertificates = new ArrayList<>();

    @Option(names = "--http-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Timeout of one HTTP request to a registry: seconds, or 30s, 2m.")
    Duration httpTimeout;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Blob and layer cache, shared with the Maven plugin"
                    + " (default: $XDG_CACHE_HOME/zeroimage, else ~/.cache/zeroimage).")
    Path cacheDirectory;

    @Option(names = "--offline", description = "Never use the network: a base pulled once comes from the cache.")
    boolean offline;

    private RegistryTransport transport;

    /** --cache-dir, else $XDG_CACHE_HOME/zeroimage, else ~/.cache/zeroimage. */
    Path cacheDirectory(CliContext context) {
        if (cacheDirectory != null) {
            return cacheDirectory.toAbsolutePath();
        }
        String xdg = context.environment().get("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "zeroimage");
        }
        return context.home().resolve(".cache/zeroimage");
    }

    RegistryOptions options(CredentialSource credentials, Progress progress) {
        return options(credentials, progress, null);
    }

    /** {@code warnings} gets the retry notes; --http-timeout (else the default) bounds each request. */
    RegistryOptions options(CredentialSource credentials, Progress progress, Consumer<String> warnings) {
        Set<String> insecure = new TreeSet<>();
        insecureRegistries.stream().map(String::trim).filter(value -> !value.isEmpty()).forEach(insecure::add);
        return new RegistryOptions(transport(), insecure, credentials, 5, Duration.ofMillis(500), offline, progress,
                httpTimeout, warnings);
    }

    private synchronized RegistryTransport transport() {
        if (transport == null) {
            transport = new RegistryTransport(List.copyOf(caCertificates), null);
        }
        return transport;
    }

    /** Stops the HTTP clients' threads, which would otherwise hold up the JVM's exit by 300 ms. */
    @Override
    public synchronized void close() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    /** Seconds ({@code 30}) or with a unit ({@code 500ms}, {@code 30s}, {@code 2m}). */
    static final class DurationConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(java.util.Locale.ROOT);
            java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m)?").matcher(text);
            if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
                throw new picocli.CommandLine.TypeConversionException("'" + value
                        + "' is not a duration: use seconds (30) or 500ms, 30s, 2m");
            }
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
    }

}
