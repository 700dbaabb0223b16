package dev.zeroimage.maven;

/**
 * {@code <to><auth>…</auth></to>}: the target registry's credentials in the shape Jib users know.
 * The same as {@code <auth>} (alias {@code <toAuth>}); the target itself is the {@code image} parameter.
 */
public class To {
    private Auth auth;

    public Auth getAuth() {
        return auth;
    }

    public void setAuth(Auth auth) {
        this.auth = auth;
    }
}
