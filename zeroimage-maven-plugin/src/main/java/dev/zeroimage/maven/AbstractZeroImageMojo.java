package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryTransport;
import org.apache.maven.execution.MavenSession;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What every zeroimage goal shares: the project, the configuration check and the error mapping. */
abstract class AbstractZeroImageMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /** Where pulled base blobs and built layers are kept, shared by builds (content-addressed). */
    @Parameter(property = "zeroimage.cacheDirectory", defaultValue = "${user.home}/.cache/zeroimage")
    protected File cacheDirectory;

    /** Registries that may be reached over plain HTTP or with an unverified certificate (host[:port]). */
    @Parameter(property = "zeroimage.insecureRegistries")
    protected List<String> insecureRegistries;

    /** Extra CA certificates (PEM): trusted for registries, and added to the bundle of the static base. */
    @Parameter(property = "zeroimage.caCertificates")
    protected List<File> caCertificates;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        ConfigurationValidator.rejectUnknownParameters(mojoExecution);
        try {
            run();
        } catch (ZeroImageException e) {
            throw new MojoFailureException(e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("zeroimage:" + mojoExecution.getGoal() + " failed: " + e.getMessage(), e);
        }
    }

    protected abstract void run() throws MojoExecutionException, MojoFailureException, IOException;

    protected List<Path> caCertificatePaths() {
        return caCertificates == null ? List.of() : caCertificates.stream().map(File::toPath).toList();
    }

    /** How to reach registries, from the plugin configuration and the Maven session. */
    protected RegistryOptions registryOptions(CredentialSource credentials) {
        Set<String> insecure = new TreeSet<>();
        if (insecureRegistries != null) {
            insecureRegistries.stream().flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::trim).filter(value -> !value.isEmpty()).forEach(insecure::add);
        }
        RegistryTransport transport = new RegistryTransport(caCertificatePaths(), null);
        boolean offline = session != null && session.isOffline();
        return new RegistryOptions(transport, insecure, credentials, 5, Duration.ofMillis(500), offline);
    }

    /** The build directory's {@code zeroimage/} folder, where image.json and image-digest go. */
    protected File reportDirectory() {
        return new File(project.getBuild().getDirectory(), "zeroimage");
    }
}
