package dev.zeroimage.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Bearer tokens by scope, reused until shortly before they expire. */
final class TokenCache {
    private record Token(String value, Instant expires) {
    }

    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    String get(String scope) {
        Token token = tokens.get(scope);
        if (token == null || clock.instant().isAfter(token.expires)) {
            return null;
        }
        return token.value;
    }

    void put(String scope, String token, long expiresInSeconds) {
        // A margin, so a token does not expire between our check and the registry's.
        long lifetime = Math.max(expiresInSeconds - 10, 1);
        tokens.put(scope, new Token(token, clock.instant().plusSeconds(lifetime)));
    }

    void invalidate(String scope) {
        tokens.remove(scope);
    }
}
