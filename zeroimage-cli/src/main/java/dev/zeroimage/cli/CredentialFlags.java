package dev.zeroimage.cli;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.CredentialChain;
import dev.zeroimage.auth.CredentialSource;
import dev.zeroimage.auth.DockerConfigCredentials;
import dev.zeroimage.auth.RememberedCredentials;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code --username} with {@code --password-stdin}: a login for one call. Without them, the chain the
 * Maven plugin uses minus settings.xml: Docker config (with credential helpers), then the podman/skopeo
 * auth file, then anonymous.
 */
final class CredentialFlags {
    @Option(names = {"-u", "--username"}, paramLabel = "USER",
            description = "User name for the registry (with --password-stdin).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    /** The password read from stdin: everything up to EOF, without the final line break. */
    static String readPassword(InputStream in) throws IOException {
        String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        while (text.endsWith("\n") || text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty()) {
            throw new ZeroImageException("--password-stdin: standard input held no password");
        }
        return text;
    }

    /**
     * The credentials for {@code registry}: the one-call login when given, else the chain. Looked up
     * once per registry; which source answered goes to {@code log}.
     */
    CredentialSource source(CliContext context, String registry, java.util.function.Consumer<String> log)
            throws IOException {
        List<CredentialSource> sources = new ArrayList<>();
        if (passwordStdin || username != null) {
            if (username == null || username.isBlank() || !passwordStdin) {
                throw new ZeroImageException("--username and --password-stdin go together: give both, or neither"
                        + " to use the stored logins (zeroimage login, docker login)");
            }
            Credential given = Credential.basic(username, readPassword(context.in()), "--username/--password-stdin");
            sources.add(CredentialSource.named("--username/--password-stdin",
                    host -> host.equals(registry) ? Optional.of(given) : Optional.empty()));
        }
        sources.addAll(storedLogins(context));
        return new RememberedCredentials(new CredentialChain(sources, log));
    }

    static List<CredentialSource> storedLogins(CliContext context) {
        List<CredentialSource> sources = new ArrayList<>();
        Path dockerConfig = DockerConfigCredentials.defaultDockerConfig(context.environment(), context.home());
        sources.add(new DockerConfigCredentials(dockerConfig, "Docker config " + dockerConfig));
        Path containersAuth = DockerConfigCredentials.defaultContainersAuthFile(context.environment());
        if (containersAuth != null) {
            sources.add(new DockerConfigCredentials(containersAuth, "containers auth file " + containersAuth));
        }
        return sources;
    }
}
