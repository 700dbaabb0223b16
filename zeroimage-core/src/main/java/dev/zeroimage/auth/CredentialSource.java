package dev.zeroimage.auth;

import java.io.IOException;
import java.util.Optional;

/** One place credentials may come from; a chain asks them in order. */
@FunctionalInterface
public interface CredentialSource {
    /** The credential for {@code registry} ({@code ghcr.io}, {@code 127.0.0.1:5000}), if this source has one. */
    Optional<Credential> find(String registry) throws IOException;

    /**
     * Where this source looks for {@code registry}'s credential, for messages that list what was tried
     * ({@code Docker config /home/me/.docker/config.json}); null when it has nothing to say.
     */
    default String describe(String registry) {
        return null;
    }

    /** {@code source} described as {@code description} (a lambda cannot describe itself). */
    static CredentialSource named(String description, CredentialSource source) {
        return new CredentialSource() {
            @Override
            public Optional<Credential> find(String registry) throws IOException {
                return source.find(registry);
            }

            @Override
            public String describe(String registry) {
                return description;
            }
        };
    }

    CredentialSource ANONYMOUS = registry -> Optional.empty();
}
