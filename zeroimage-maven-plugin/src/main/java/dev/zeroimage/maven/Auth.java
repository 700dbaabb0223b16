package dev.zeroimage.maven;

/**
 * {@code <auth><username>…</username><password>…</password></auth>} in the plugin configuration.
 * Values usually come from {@code ${env.…}}. toString never shows the password: Maven prints
 * parameter values with -X.
 */
public class Auth {
    private String username;
    private String password;

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
