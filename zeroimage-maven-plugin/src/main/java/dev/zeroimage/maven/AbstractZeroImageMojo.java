package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.project.MavenProject;

import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.build.ImageReport;
import dev.zeroimage.image.Image;
import dev.zeroimage.image.ImageReference;
import dev.zeroimage.registry.ImagePusher;
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

    /** The settings.xml server whose credentials to use for the target registry (default: its host). */
    @Parameter(property = "zeroimage.serverId")
    protected String serverId;

    @Component
    protected SettingsDecrypter settingsDecrypter;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        ConfigurationValidator.rejectUnknownParameters(mojoExecution, project);
        try {
            run();
        } catch (ZeroImageException e) {
            throw new MojoFailureException(MavenWording.of(e), e);
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
        RegistryTransport transport = new RegistryTransport(caCertificatePaths(),
                host -> MavenProxies.forHost(session, host));
        boolean offline = session != null && session.isOffline();
        return new RegistryOptions(transport, insecure, credentials, 5, Duration.ofMillis(500), offline,
                new MavenProgress(getLog(), settingsInteractive()));
    }

    /** Credentials for a registry, from the chain documented in the README; logs which source answered. */
    protected CredentialSource credentials(Auth configured, String configuredWhat, String settingsServerId) {
        return MavenCredentials.chain(configured, configuredWhat, settingsServerId, session, settingsDecrypter,
                System.getenv(), message -> getLog().info(message));
    }

    /**
     * Pushes to {@code target} (which must name a registry) and records the pushed references and the
     * registry's digest in image.json / image-digest.
     */
    protected ImagePusher.Result pushImage(Image image, String imageSetting, List<String> tags, Auth auth,
                                           ImageReference mountFrom, ImageReport report) throws IOException {
        if (!ImageReference.namesRegistry(imageSetting)) {
            throw new ZeroImageException("image (zeroimage.image) '" + imageSetting + "' names no registry, so there"
                    + " is nowhere to push it: use a full reference such as ghcr.io/org/app:1.0 or"
                    + " docker.io/user/app:1.0");
        }
        ImageReference target = ImageReference.parse(imageSetting);
        RegistryOptions options = registryOptions(credentials(auth, "auth", serverId));
        ImagePusher.Result result = new ImagePusher(options, message -> getLog().info(message))
                .push(image, target, tags == null ? List.of() : tags, mountFrom);
        report.withPushed(result.references(), result.digest().toString()).writeTo(reportDirectory().toPath());
        getLog().info(String.format("Pushed %s (%s): %d blob(s) uploaded, %d already there, %d mounted",
                String.join(", ", result.references()), result.digest(), result.uploaded(), result.skipped(),
                result.mounted()));
        return result;
    }

    /** Batch mode (-B, CI) gets sparser progress lines than an interactive terminal. */
    protected boolean settingsInteractive() {
        return session == null || session.getSettings() == null || session.getSettings().isInteractiveMode();
    }

    /** {@code <auth>} wins; else {@code <to><auth>}; else none. */
    protected static Auth targetAuth(Auth auth, To to) {
        return auth != null ? auth : (to == null ? null : to.getAuth());
    }

    /** The build directory's {@code zeroimage/} folder, where image.json and image-digest go. */
    protected File reportDirectory() {
        return new File(project.getBuild().getDirectory(), "zeroimage");
    }
}
