package dev.zeroimage.auth;

import java.io.IOException;
import java.util.Optional;

/** One place credentials may come from; a chain asks them in order. */
@FunctionalInterface
public interface CredentialSource {
    /** The credential for {@code registry} ({@code ghcr.io}, {@code 127.0.0.1:5000}), if this source has one. */
    Optional<Credential> find(String registry) throws IOException;

    CredentialSource ANONYMOUS = registry -> Optional.empty();
}
