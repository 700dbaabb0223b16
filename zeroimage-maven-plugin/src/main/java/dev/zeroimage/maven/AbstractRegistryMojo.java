package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.registry.RegistryOptions;
import dev.zeroimage.registry.RegistryTransport;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.settings.crypto.SettingsDecrypter;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Goals that talk to registries: how to reach them (TLS, plain HTTP, proxies) and whose credentials to use. */
abstract class AbstractRegistryMojo extends AbstractZeroImageMojo {

    /** Registries that may be reached over plain HTTP or with an unverified certificate (host[:port]). */
    @Parameter(property = "zeroimage.insecureRegistries")
    protected List<String> insecureRegistries;

    /**
     * Jib's spelling: true treats every registry as listed in insecureRegistries (plain HTTP or an
     * unverified certificate allowed). Prefer listing the registries.
     */
    @Parameter(property = "zeroimage.allowInsecureRegistries", defaultValue = "false")
    protected boolean allowInsecureRegistries;

    /** Extra CA certificates (PEM): trusted for registries, and added to the bundle of the static base. */
    @Parameter(property = "zeroimage.caCertificates")
    protected List<File> caCertificates;

    /**
     * Seconds for connect, read and the whole exchange of one small registry request; a blob transfer
     * fails when it makes no progress for that long.
     */
    @Parameter(property = "zeroimage.httpTimeout", defaultValue = "60")
    protected int httpTimeout = 60;

    /** The settings.xml server whose credentials to use for the target registry (default: its host). */
    @Parameter(property = "zeroimage.serverId")
    protected String serverId;

    @Component
    protected SettingsDecrypter settingsDecrypter;

    /** One per execution: every registry call of a goal shares its HTTP client, connections and learned schemes. */
    private RegistryTransport transport;

    private synchronized RegistryTransport transport() {
        if (transport == null) {
            transport = new RegistryTransport(caCertificatePaths(), host -> MavenProxies.forHost(session, host));
        }
        return transport;
    }

    /** Stops the HTTP clients' threads, which would otherwise hold up the JVM's exit by 300 ms. */
    @Override
    protected synchronized void finished() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
    }

    protected List<Path> caCertificatePaths() {
        List<String> fromPom = PomListParameter.value(mojoExecution, session, "caCertificates", null);
        if (fromPom != null) { // the POM's list, as on Maven 4 (see PomListParameter); relative to the project
            return fromPom.stream().map(File::new)
                    .map(file -> file.isAbsolute() || project == null ? file : new File(project.getBasedir(), file.getPath()))
                    .map(File::toPath).toList();
        }
        return caCertificates == null ? List.of() : caCertificates.stream().map(File::toPath).toList();
    }

    /** How to reach registries, from the plugin configuration and the Maven session. */
    protected RegistryOptions registryOptions(CredentialSource credentials) {
        Set<String> insecure = new TreeSet<>();
        List<String> insecureRegistries = PomListParameter.value(mojoExecution, session, "insecureRegistries",
                this.insecureRegistries);
        if (insecureRegistries != null) {
            insecureRegistries.stream().flatMap(value -> Arrays.stream(value.split(",")))
                    .map(String::trim).filter(value -> !value.isEmpty()).forEach(insecure::add);
        }
        if (allowInsecureRegistries) {
            insecure.add(RegistryOptions.ANY_REGISTRY);
        }
        RegistryTransport transport = transport();
        boolean offline = session != null && session.isOffline();
        if (httpTimeout < 1) {
            throw new ZeroImageException("httpTimeout (zeroimage.httpTimeout) must be at least 1 second, not "
                    + httpTimeout);
        }
        return new RegistryOptions(transport, insecure, credentials, 5, Duration.ofMillis(500), offline,
                progress(), Duration.ofSeconds(httpTimeout), message -> getLog().warn(message));
    }

    /** Credentials for a registry, from the chain documented in the README; logs which source answered. */
    protected CredentialSource credentials(Auth configured, String configuredWhat, String settingsServerId) {
        return MavenCredentials.chain(configured, configuredWhat, settingsServerId, session, settingsDecrypter,
                System.getenv(), message -> getLog().info(message));
    }
}
