package dev.zeroimage.auth;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Asks a source once per registry and remembers the answer, so that several clients of one command
 * run a credential helper (and log where the credential came from) only once.
 */
public final class RememberedCredentials implements CredentialSource {
    private final CredentialSource source;
    private final Map<String, Optional<Credential>> answers = new ConcurrentHashMap<>();

    public RememberedCredentials(CredentialSource source) {
        this.source = source;
    }

    @Override
    public Optional<Credential> find(String registry) throws IOException {
        Optional<Credential> known = answers.get(registry);
        if (known != null) {
            return known;
        }
        Optional<Credential> found = source.find(registry);
        answers.put(registry, found);
        return found;
    }

    @Override
    public String describe(String registry) {
        return source.describe(registry);
    }
}
