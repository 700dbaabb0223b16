package dev.zeroimage.cli;

import dev.zeroimage.ZeroImageException;
import dev.zeroimage.auth.Credential;
import dev.zeroimage.auth.DockerConfigCredentials;
import dev.zeroimage.auth.DockerConfigWriter;
import dev.zeroimage.registry.RegistryClient;
import dev.zeroimage.registry.RegistryNames;
import dev.zeroimage.util.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.Console;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** Checks a login against the registry, then stores it as {@code docker login} does (same storage as the plugin). */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Log in to a registry: the password is checked, then stored like docker login does"
                + " (the credsStore helper, else auths in $DOCKER_CONFIG/config.json, mode 0600).")
final class LoginCommand implements Callable<Integer> {
    @ParentCommand
    ZeroImageCli top;

    @Option(names = {"-u", "--username"}, paramLabel = "USER", description = "User name (asked for on a terminal).")
    String username;

    @Option(names = "--password-stdin", description = "Read the password from standard input"
            + " (else a masked prompt on a terminal).")
    boolean passwordStdin;

    @Mixin
    RegistryFlags registryFlags;

    @Parameters(paramLabel = "REGISTRY", description = "The registry host, like ghcr.io or localhost:5000.")
    String registry;

    @Override
    public Integer call() throws Exception {
        Output output = top.output();
        String host = RegistryNames.host(registry, "REGISTRY");
        if (registryFlags.offline) {
            throw new ZeroImageException("login checks the password with " + host + ": drop --offline");
        }
        Console console = System.console();
        String user = username != null ? username : prompt(console, "Username for " + host + ": ");
        String password = passwordStdin ? CredentialFlags.readPassword(top.context.in()) : promptPassword(console, user, host);
        Credential credential = Credential.basic(user, password, "zeroimage login");
        RegistryClient client = new RegistryClient(host, RegistryNames.apiHost(host),
                registryFlags.options(ignored -> Optional.of(credential), Progress.NONE));
        client.checkLogin();
        Path config = DockerConfigCredentials.defaultDockerConfig(top.context.environment(), top.context.home());
        String where = new DockerConfigWriter(config).store(host, user, password);
        output.result("Login to " + host + " as " + user + " succeeded; stored in " + where);
        return 0;
    }

    private String prompt(Console console, String question) {
        String answer = console == null ? null : console.readLine("%s", question);
        if (answer == null || answer.isBlank()) {
            throw new ZeroImageException("No user name for " + registry + ": give it with -u USER");
        }
        return answer.trim();
    }

    private String promptPassword(Console console, String user, String host) {
        if (console == null) {
            throw new ZeroImageException("No password for " + host + ": pipe it in with --password-stdin"
                    + " (there is no terminal to ask on)");
        }
        char[] typed = console.readPassword("Password for %s@%s: ", user, host);
        if (typed == null || typed.length == 0) {
            throw new ZeroImageException("No password given for " + host);
        }
        return new String(typed);
    }
}
