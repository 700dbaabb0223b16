package dev.zeroimage.maven;

import dev.zeroimage.auth.DockerConfigCredentials;
import dev.zeroimage.auth.DockerConfigWriter;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.IOException;
import java.nio.file.Path;

/** Removes a login stored by {@code zeroimage:login} or {@code docker login}. */
@Mojo(name = "logout", requiresProject = false, threadSafe = true)
public class LogoutMojo extends AbstractRegistryMojo {

    /** The registry whose stored login to remove: host or host:port. */
    @Parameter(property = "zeroimage.registry", required = true)
    private String registry;

    @Override
    protected void run() throws IOException {
        String host = RegistryHost.of(registry);
        Path config = DockerConfigCredentials.defaultDockerConfig(System.getenv(), Path.of(System.getProperty("user.home")));
        if (new DockerConfigWriter(config).erase(host)) {
            getLog().info("Removed the login for " + host + " from " + config);
        } else {
            getLog().info("There was no login for " + host + " in " + config);
        }
    }
}
