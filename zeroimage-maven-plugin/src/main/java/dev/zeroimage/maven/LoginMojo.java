package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.DockerConfigCredentials;
import dev.zeroimage.auth.DockerConfigWriter;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.RegistryClient;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks a login against the registry and stores it as {@code docker login} does (credsStore helper,
 * else config.json auths). The password comes from zeroimage.password, ZEROIMAGE_PASSWORD or a
 * masked prompt; it is deliberately not a declared parameter, so Maven never prints it with -X.
 */
@Mojo(name = "login", requiresProject = false, threadSafe = true)
public class LoginMojo extends AbstractRegistryMojo {
    static final String PASSWORD_PROPERTY = "zeroimage.password";
    static final String PASSWORD_ENVIRONMENT = "ZEROIMAGE_PASSWORD";

    /** The registry to log in to: host or host:port (docker.io for Docker Hub). */
    @Parameter(property = "zeroimage.registry", required = true)
    private String registry;

    /** The user name; the password comes from zeroimage.password, ZEROIMAGE_PASSWORD or a prompt. */
    @Parameter(property = "zeroimage.username", required = true)
    private String username;

    @Override
    protected void run() throws IOException {
        String host = RegistryHost.of(registry);
        String password = password();
        Credential credential = Credential.basic(username, password, "zeroimage:login");
        RegistryClient client = new RegistryClient(host, ImageReference.apiHostOf(host),
                registryOptions(ignored -> Optional.of(credential)));
        client.checkLogin();
        Path config = DockerConfigCredentials.defaultDockerConfig(System.getenv(), Path.of(System.getProperty("user.home")));
        String where = new DockerConfigWriter(config).store(host, username, password);
        getLog().info("Login to " + host + " as " + username + " succeeded; stored in " + where);
    }

    private String password() {
        String fromProperty = session == null ? null : session.getUserProperties().getProperty(PASSWORD_PROPERTY,
                session.getSystemProperties().getProperty(PASSWORD_PROPERTY));
        if (fromProperty != null && !fromProperty.isEmpty()) {
            return fromProperty;
        }
        String fromEnvironment = System.getenv(PASSWORD_ENVIRONMENT);
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        Console console = System.console();
        if (console == null) {
            throw new ZeroImageException("No password for " + registry + ": give it with -D" + PASSWORD_PROPERTY
                    + "=… or the " + PASSWORD_ENVIRONMENT + " environment variable (there is no terminal to ask on)");
        }
        char[] typed = console.readPassword("Password for %s@%s: ", username, registry);
        if (typed == null || typed.length == 0) {
            throw new ZeroImageException("No password given for " + registry);
        }
        return new String(typed);
    }
}
