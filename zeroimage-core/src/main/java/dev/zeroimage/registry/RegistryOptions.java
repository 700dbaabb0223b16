package dev.zeroimage.registry;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.util.Progress;

import java.time.Duration;
import java.util.Set;

/**
 * How to reach registries: which may use plain HTTP or unverified TLS, where credentials come from,
 * how often to retry, whether the network may be used at all (Maven's offline mode), and where
 * transfer progress goes.
 */
public record RegistryOptions(RegistryTransport transport, Set<String> insecureRegistries,
                              CredentialSource credentials, int maxAttempts, Duration initialBackoff,
                              boolean offline, Progress progress) {

    public RegistryOptions(RegistryTransport transport, Set<String> insecureRegistries, CredentialSource credentials,
                           int maxAttempts, Duration initialBackoff, boolean offline) {
        this(transport, insecureRegistries, credentials, maxAttempts, initialBackoff, offline, Progress.NONE);
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(RegistryTransport.defaults(), Set.of(), CredentialSource.ANONYMOUS, 5,
                Duration.ofMillis(500), false);
    }

    public boolean isInsecure(String registry) {
        return insecureRegistries.contains(registry);
    }
}
