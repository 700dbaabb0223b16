package dev.zeroimage.maven;

/**
 * {@code <auth><username>…</username><password>…</password></auth>} in the plugin configuration.
 * Maven prints evaluated plugin configuration with -X, so a {@code <password>} (even one from
 * {@code ${env.…}}) shows up there; {@code <passwordEnvironment>} names an environment variable that
 * the plugin reads itself, so the secret never passes through Maven's configuration.
 */
public class Auth {
    private String username;
    private String password;
    private String passwordEnvironment;

    public String getPasswordEnvironment() {
        return passwordEnvironment;
    }

    public void setPasswordEnvironment(String passwordEnvironment) {
        this.passwordEnvironment = passwordEnvironment;
    }

    /** The password, read from {@code passwordEnvironment} when that is set. */
    String resolvePassword() {
        if (passwordEnvironment != null && !passwordEnvironment.isBlank()) {
            String value = System.getenv(passwordEnvironment.trim());
            if (value == null) {
                throw new dev.zeroimage.ZeroImageException("<auth><passwordEnvironment>" + passwordEnvironment
                        + "</passwordEnvironment> names an environment variable that is not set");
            }
            return value;
        }
        return password;
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    boolean isSet() {
        return username != null && !username.isBlank();
    }

    @Override
    public String toString() {
        return "Auth[username=" + username + ", password=" + (password == null ? "<none>" : "******") + "]";
    }
}
