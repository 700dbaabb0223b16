package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.util.Progress;

import java.time.Duration;
import java.util.Set;
import java.util.function.Consumer;

/**
 * How to reach registries: which may use plain HTTP or unverified TLS, where credentials come from,
 * how often to retry, whether the network may be used at all (Maven's offline mode), where transfer
 * progress goes, the HTTP timeout and where retry warnings go.
 *
 * @param httpTimeout for connect, read and the whole exchange of one small request; a blob transfer
 *                    fails when it makes no progress for that long
 * @param warnings    receives one line per retry (the reason and the wait)
 */
public record RegistryOptions(RegistryTransport transport, Set<String> insecureRegistries,
                              CredentialSource credentials, int maxAttempts, Duration initialBackoff,
                              boolean offline, Progress progress, Duration httpTimeout, Consumer<String> warnings) {
    public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(60);
    /** In {@code insecureRegistries}: every registry is insecure (Jib's allowInsecureRegistries). */
    public static final String ANY_REGISTRY = "*";

    public RegistryOptions {
        if (httpTimeout == null || httpTimeout.isNegative() || httpTimeout.isZero()) {
            httpTimeout = DEFAULT_HTTP_TIMEOUT;
        }
        if (warnings == null) {
            warnings = message -> { };
        }
        if (progress == null) {
            progress = Progress.NONE;
        }
    }

    public RegistryOptions(RegistryTransport transport, Set<String> insecureRegistries, CredentialSource credentials,
                           int maxAttempts, Duration initialBackoff, boolean offline, Progress progress) {
        this(transport, insecureRegistries, credentials, maxAttempts, initialBackoff, offline, progress,
                DEFAULT_HTTP_TIMEOUT, null);
    }

    public RegistryOptions(RegistryTransport transport, Set<String> insecureRegistries, CredentialSource credentials,
                           int maxAttempts, Duration initialBackoff, boolean offline) {
        this(transport, insecureRegistries, credentials, maxAttempts, initialBackoff, offline, Progress.NONE);
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(), CredentialSource.ANONYMOUS, 5,
                Duration.ofMillis(500), false);
    }

    /** The same options with another HTTP timeout and retry-warning sink. */
    public RegistryOptions withHttpTimeout(Duration timeout, Consumer<String> warningSink) {
        return new RegistryOptions(transport, insecureRegistries, credentials, maxAttempts, initialBackoff, offline,
                progress, timeout, warningSink);
    }

    public boolean isInsecure(String registry) {
        return insecureRegistries.contains(registry) || insecureRegistries.contains(ANY_REGISTRY);
    }
}
