package dev.zeroimage.cli;

import dev.zeroimage.auth.DockerConfigCredentials;
import dev.zeroimage.auth.DockerConfigWriter;
import dev.zeroimage.registry.RegistryNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Removes a login stored by {@code zeroimage login}, {@code mvn zeroimage:login} or {@code docker login}. */
@Command(name = "logout", mixinStandardHelpOptions = true, description = "Remove the stored login for a registry.")
final class LogoutCommand implements Callable<Integer> {
    @ParentCommand
    ZeroImageCli top;

    @Parameters(paramLabel = "REGISTRY", description = "The registry host, like ghcr.io or localhost:5000.")
    String registry;

    @Override
    public Integer call() throws Exception {
        String host = RegistryNames.host(registry, "REGISTRY");
        Path config = DockerConfigCredentials.defaultDockerConfig(top.context.environment(), top.context.home());
        if (new DockerConfigWriter(config).erase(host)) {
            top.output().result("Removed the login for " + host + " from " + config);
        } else {
            top.output().result("There was no login for " + host + " in " + config);
        }
        return 0;
    }
}
