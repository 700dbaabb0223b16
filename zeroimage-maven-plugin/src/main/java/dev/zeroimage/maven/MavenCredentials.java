package dev.zeroimage.maven;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.CredentialChain;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.auth.DockerConfigCredentials;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.settings.Server;
import org.apache.maven.settings.building.SettingsProblem;
import org.apache.maven.settings.crypto.DefaultSettingsDecryptionRequest;
import org.apache.maven.settings.crypto.SettingsDecrypter;
import org.apache.maven.settings.crypto.SettingsDecryptionResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The credential chain, in the documented order: plugin configuration, settings.xml server (by
 * serverId or registry host, passwords decrypted by Maven), Docker config, podman/skopeo auth file.
 */
final class MavenCredentials {
    private MavenCredentials() {
    }

    static CredentialSource chain(Auth configured, String configuredWhat, String serverId, MavenSession session,
                                  SettingsDecrypter decrypter, Map<String, String> environment, Consumer<String> log) {
        List<CredentialSource> sources = new ArrayList<>();
        if (configured != null && configured.isSet()) {
            sources.add(CredentialSource.named("plugin configuration <" + configuredWhat + ">",
                    registry -> Optional.of(Credential.basic(configured.getUsername(),
                            configured.resolvePassword(), "plugin configuration <" + configuredWhat + ">"))));
        }
        sources.add(new CredentialSource() {
            @Override
            public Optional<Credential> find(String registry) {
                return fromSettings(registry, serverId, session, decrypter);
            }

            @Override
            public String describe(String registry) {
                return "settings.xml server '" + (serverId != null && !serverId.isBlank() ? serverId : registry) + "'";
            }
        });
        Path home = Path.of(System.getProperty("user.home"));
        sources.add(new DockerConfigCredentials(DockerConfigCredentials.defaultDockerConfig(environment, home),
                "Docker config " + DockerConfigCredentials.defaultDockerConfig(environment, home)));
        Path containersAuth = DockerConfigCredentials.defaultContainersAuthFile(environment);
        if (containersAuth != null) {
            sources.add(new DockerConfigCredentials(containersAuth, "containers auth file " + containersAuth));
        }
        return new CredentialChain(sources, log);
    }

    private static Optional<Credential> fromSettings(String registry, String serverId, MavenSession session,
                                                     SettingsDecrypter decrypter) {
        if (session == null || session.getSettings() == null) {
            return Optional.empty();
        }
        String id = serverId != null && !serverId.isBlank() ? serverId : registry;
        Server server = session.getSettings().getServer(id);
        if (server == null) {
            if (serverId != null && !serverId.isBlank()) {
                throw new ZeroImageException("serverId '" + serverId + "' names no <server> in settings.xml:"
                        + " add one with that id, or remove serverId");
            }
            return Optional.empty();
        }
        Server decrypted = server;
        if (decrypter != null) {
            SettingsDecryptionResult result = decrypter.decrypt(new DefaultSettingsDecryptionRequest(server));
            if (!result.getProblems().isEmpty()) {
                throw new ZeroImageException("Cannot decrypt the password of settings.xml server '" + id + "': "
                        + result.getProblems().stream().map(SettingsProblem::getMessage).collect(Collectors.joining("; "))
                        + ". Check ~/.m2/settings-security.xml (mvn --encrypt-master-password).");
            }
            decrypted = result.getServer();
        }
        if (decrypted.getUsername() == null) {
            return Optional.empty();
        }
        return Optional.of(Credential.basic(decrypted.getUsername(), decrypted.getPassword(),
                "settings.xml server '" + id + "'"));
    }
}
