package dev.zeroimage.auth;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Asks sources in order and takes the first credential found; reports which source answered. */
public final class CredentialChain implements CredentialSource {
    private final List<CredentialSource> sources;
    private final Consumer<String> log;

    public CredentialChain(List<CredentialSource> sources, Consumer<String> log) {
        this.sources = List.copyOf(sources);
        this.log = log;
    }

    @Override
    public Optional<Credential> find(String registry) throws IOException {
        for (CredentialSource source : sources) {
            Optional<Credential> credential = source.find(registry);
            if (credential.isPresent()) {
                log.accept("Using credentials for " + registry + " from " + credential.get().source());
                return credential;
            }
        }
        log.accept("No credentials found for " + registry + ": accessing it anonymously");
        return Optional.empty();
    }

    /** The sources' descriptions in the order they are asked, comma-separated; null when none has one. */
    @Override
    public String describe(String registry) {
        List<String> described = sources.stream().map(source -> source.describe(registry))
                .filter(description -> description != null && !description.isBlank()).toList();
        return described.isEmpty() ? null : String.join(", ", described);
    }
}
