package dev.zeroimage.auth;

/**
 * A registry login. {@code source} says where it came from ("settings.xml server ghcr.io",
 * "~/.docker/config.json auths") so logs and errors can name it; the secret is never printed.
 *
 * @param identityToken an OAuth2 refresh token (Docker's {@code identitytoken}); used instead of the password
 */
public record Credential(String username, String password, String identityToken, String source) {

    public static Credential basic(String username, String password, String source) {
        return new Credential(username, password, null, source);
    }

    @Override
    public String toString() {
        return "Credential[user=" + username + ", source=" + source + "]";
    }
}
